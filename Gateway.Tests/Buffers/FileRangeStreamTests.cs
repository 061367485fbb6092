using Gateway.Buffers;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Buffers;

public sealed class FileRangeStreamTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("range-");
    private readonly byte[] _octets = new byte[3 * FileRangeStream.ReadAhead + 12_345];
    private readonly FileStream _file;

    public FileRangeStreamTests()
    {
        new Random(7).NextBytes(_octets);
        _file = FileBackedMemory.CreateScratchFile(_directory);
        _file.Write(_octets);
        _file.Flush();
    }

    public void Dispose()
    {
        _file.Dispose();
        TempDirectory.Delete(_directory);
    }

    // A range that starts and ends inside the file and is no multiple of the read-ahead.
    private const int Start = 1_001;
    private int RangeLength => _octets.Length - Start - 999;
    private ReadOnlySpan<byte> Range => _octets.AsSpan(Start, RangeLength);

    private FileRangeStream Open() => new(_file.SafeFileHandle, Start, RangeLength);

    [Fact]
    public void Reads_of_MimeKits_size_give_the_range_whole_and_then_the_end()
    {
        using var stream = Open();
        using var copy = new MemoryStream();
        var piece = new byte[4096];
        int read;
        while ((read = stream.Read(piece)) > 0) copy.Write(piece, 0, read);

        Assert.Equal(Range.ToArray(), copy.ToArray());
        Assert.Equal(0, stream.Read(piece));
    }

    [Fact]
    public void A_seek_backwards_forwards_and_across_the_read_ahead_reads_what_is_there()
    {
        using var stream = Open();
        var piece = new byte[100];
        var positions = new long[] { 0, 50, 10, FileRangeStream.ReadAhead - 30, 5, 2 * FileRangeStream.ReadAhead + 7, FileRangeStream.ReadAhead, RangeLength - 40 };
        foreach (var position in positions)
        {
            stream.Position = position;
            var read = stream.Read(piece);
            var expected = (int)Math.Min(piece.Length, RangeLength - position);
            // A read stops at the end of the read-ahead; the next one goes on from there.
            if (read < expected) read += stream.Read(piece.AsSpan(read, expected - read));

            Assert.Equal(expected, read);
            Assert.Equal(Range.Slice((int)position, expected).ToArray(), piece[..expected]);
            Assert.Equal(position + expected, stream.Position);
        }
    }

    [Fact]
    public void A_read_larger_than_the_read_ahead_goes_to_the_file_at_once()
    {
        using var stream = Open();
        stream.Position = 3;
        var large = new byte[FileRangeStream.ReadAhead + 500];

        Assert.Equal(large.Length, stream.Read(large));
        Assert.Equal(Range.Slice(3, large.Length).ToArray(), large);
    }

    [Fact]
    public void A_disposed_stream_still_reads_the_right_octets()
    {
        var stream = Open();
        var piece = new byte[64];
        stream.Position = 200;
        Assert.Equal(64, stream.Read(piece));

        stream.Dispose();
        stream.Position = 100;

        Assert.Equal(64, stream.Read(piece));
        Assert.Equal(Range.Slice(100, 64).ToArray(), piece);
    }
}
