using System.Runtime.InteropServices;

namespace Gateway.Buffers;

/// <summary>A read-only stream over content wherever it lies, without copying it.</summary>
public static class MemoryStreams
{
    public static Stream Open(ReadOnlyMemory<byte> content)
    {
        if (FileBackedMemory.TryGet(content, out var file, out var start, out var length)) return file.OpenRange(start, length);
        if (MemoryMarshal.TryGetArray(content, out var segment)) return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        return new MemoryStream(content.ToArray(), writable: false);
    }
}
