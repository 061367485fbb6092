using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Gateway.Buffers;

/// <summary>A piece of the content, as the file is read in chunks.</summary>
public delegate void ChunkAction(ReadOnlySpan<byte> chunk);

/// <summary>
/// Content too large to hold in memory: kept in a file and seen as <see cref="Memory{T}"/> through a read-only mapping, so
/// that the code made for small messages (the CMS inspector, the IPM heading reader) reads it unchanged and touches only
/// the pages it looks at. What reads it all — digests, the copy into the X.400 file — goes through <see cref="Read"/>
/// instead, from the page cache, so a 200 MB message never becomes 200 MB of the gateway's resident memory.
/// </summary>
public sealed unsafe class FileBackedMemory : MemoryManager<byte>
{
    private const int ChunkSize = 256 * 1024;

    private readonly FileStream _file;
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private readonly int _length;
    private bool _disposed;

    private FileBackedMemory(FileStream file)
    {
        _file = file;
        _length = checked((int)file.Length);
        if (_length == 0) return;
        _map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        _view = _map.CreateViewAccessor(0, _length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + _view.PointerOffset;
    }

    /// <summary>
    /// An empty read-write file under <paramref name="directory"/> whose name is gone as soon as it is open (on Unix; elsewhere
    /// it is deleted on close), so that it cannot outlive the process however it ends: for spools and large content.
    /// </summary>
    public static FileStream CreateScratchFile(string directory, int bufferSize = 64 * 1024)
    {
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        return file;
    }

    /// <summary>Octets of an object past which it is kept in a mapped file rather than in memory (both directions).</summary>
    public const long LargeContent = 4 * 1024 * 1024;

    /// <summary>Maps what has been written to <paramref name="file"/>; the result owns the file and closes it when disposed.</summary>
    public static FileBackedMemory Map(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Flush();
        return new FileBackedMemory(file);
    }

    /// <summary>Whether <paramref name="memory"/> lies in a file, and where.</summary>
    public static bool TryGet(ReadOnlyMemory<byte> memory, out FileBackedMemory owner, out int start, out int length) =>
        MemoryMarshal.TryGetMemoryManager(memory, out owner!, out start, out length);

    /// <summary>Octets <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> in chunks, read from the file (not the mapping).</summary>
    public void Read(int start, int length, ChunkAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            long offset = start;
            var left = length;
            while (left > 0)
            {
                var read = RandomAccess.Read(_file.SafeFileHandle, buffer.AsSpan(0, Math.Min(ChunkSize, left)), offset);
                if (read == 0) throw new EndOfStreamException("the content file is shorter than its mapping");
                action(buffer.AsSpan(0, read));
                offset += read;
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A stream reading octets <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> from the file.</summary>
    public Stream OpenRange(int start, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new FileRangeStream(_file.SafeFileHandle, start, length);
    }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _length == 0 ? [] : new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
        _file.Dispose();
    }
}
