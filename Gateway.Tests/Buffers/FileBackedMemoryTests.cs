using Gateway.Buffers;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Buffers;

public sealed class FileBackedMemoryTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("mapped-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private FileBackedMemory Mapped(byte[] octets)
    {
        var file = FileBackedMemory.CreateScratchFile(_directory);
        file.Write(octets);
        return FileBackedMemory.Map(file);
    }

    [Fact]
    public void The_mapping_the_chunks_and_the_range_stream_all_give_the_same_octets_and_the_file_has_no_name()
    {
        var octets = new byte[700_000];
        Random.Shared.NextBytes(octets);
        using var mapped = Mapped(octets);

        Assert.Empty(Directory.GetFiles(_directory)); // nameless: nothing to leave behind, however the process ends
        Assert.Equal(octets, mapped.Memory.ToArray());
        var slice = mapped.Memory[1000..600_000];
        Assert.True(FileBackedMemory.TryGet(slice, out var owner, out var start, out var length));
        Assert.Same(mapped, owner);
        Assert.Equal((1000, 599_000), (start, length));
        using var chunks = new MemoryStream();
        owner.Read(start, length, chunks.Write);
        Assert.Equal(octets[1000..600_000], chunks.ToArray());
        using var stream = MemoryStreams.Open(slice);
        stream.Seek(-10, SeekOrigin.End);
        var tail = new byte[20];
        Assert.Equal(10, stream.Read(tail));
        Assert.Equal(octets[599_990..600_000], tail[..10]);
        stream.Position = 0;
        using var all = new MemoryStream();
        stream.CopyTo(all);
        Assert.Equal(octets[1000..600_000], all.ToArray());
    }

    [Fact]
    public void Plain_memory_is_not_taken_for_a_file_and_streams_without_a_copy()
    {
        var octets = new byte[] { 1, 2, 3, 4, 5 };

        Assert.False(FileBackedMemory.TryGet(octets, out _, out _, out _));
        using var stream = MemoryStreams.Open(octets.AsMemory(1, 3));
        Assert.Equal(3, stream.Length);
        Assert.Equal(2, stream.ReadByte());
    }

    [Fact]
    public void A_disposed_mapping_refuses_to_be_read()
    {
        var mapped = Mapped([1, 2, 3]);
        ((IDisposable)mapped).Dispose();

        Assert.Throws<ObjectDisposedException>(() => mapped.Read(0, 3, _ => { }));
        Assert.Throws<ObjectDisposedException>(() => mapped.GetSpan());
    }
}
