using System.Security.Cryptography;
using Gateway.Smtp.Server;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Smtp;

public sealed class SpoolStreamTests : IDisposable
{
    private const int Limit = 40 * 1024;
    private readonly string _directory = TempDirectory.Create("spool-stream-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private static MessageContentCheck Check() => new(binary: true, maxTextLineLength: 1000, maxHeaderSize: 1024 * 1024);

    private static byte[] Message(int size)
    {
        var octets = new byte[size];
        new Random(size).NextBytes(octets);
        return octets;
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(100, 7)]
    [InlineData(Limit, 1)]
    [InlineData(Limit, 4096)]
    [InlineData(Limit + 1, 1)]
    [InlineData(Limit + 1, 4096)]
    [InlineData(3 * Limit + 5, 1000)]
    [InlineData(3 * Limit + 5, 3 * Limit + 5)]
    public void The_content_reads_back_as_written_in_memory_up_to_the_limit_and_from_a_file_beyond(int size, int chunk)
    {
        using var spools = new SpoolFiles(_directory, keep: 1);
        var message = Message(size);
        using var spool = new SpoolStream(spools, Limit, Check());

        for (var at = 0; at < size; at += chunk) spool.Write(message.AsSpan(at, Math.Min(chunk, size - at)));

        Assert.Null(spool.Failure);
        Assert.Equal(size > Limit, spool.InFile);
        Assert.Equal(SHA256.HashData(message), spool.ContentSha256());
        using var content = spool.OpenContent();
        Assert.True(content.CanSeek);
        Assert.Equal(size, content.Length);
        var read = new MemoryStream();
        content.CopyTo(read);
        Assert.Equal(message, read.ToArray());
        content.Position = size / 2; // MimeKit's persistent parsing seeks back into the content
        Assert.Equal(size - size / 2, Remaining(content));
    }

    private static long Remaining(Stream stream)
    {
        var buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = stream.Read(buffer)) > 0) total += n;
        return total;
    }

    [Fact]
    public void A_message_within_the_limit_needs_no_spool_file_and_one_beyond_it_does()
    {
        // No such directory: a spool file cannot be created, so only a message kept in memory can be received.
        using var spools = new SpoolFiles(Path.Combine(_directory, "missing"), keep: 1);
        using var fits = new SpoolStream(spools, Limit, Check());
        using var beyond = new SpoolStream(spools, Limit, Check());

        fits.Write(Message(Limit));
        beyond.Write(Message(Limit));
        beyond.Write("x"u8);
        beyond.Write("more is dropped"u8);

        Assert.Null(fits.Failure);
        Assert.NotNull(beyond.Failure);
        Assert.Throws<InvalidOperationException>(() => beyond.OpenContent());
    }

    [Fact]
    public void With_a_limit_of_zero_every_message_goes_to_a_file_which_goes_back_emptied()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, "spools")).FullName;
        using var spools = new SpoolFiles(directory, keep: 1);
        var spool = new SpoolStream(spools, 0, Check());
        spool.Write("a"u8);
        Assert.True(spool.InFile);
        using (var content = spool.OpenContent()) Assert.Equal(1, content.Length);

        spool.Dispose();

        Directory.Delete(directory); // from here on no new spool file can be made: the next one is the one given back
        var again = spools.Rent();
        Assert.Equal(0, again.Length);
        Assert.Throws<ObjectDisposedException>(() => spool.Write("b"u8));
        Assert.Throws<ObjectDisposedException>(() => spool.OpenContent());
    }
}
