using System.Text;
using Gateway.Mime;
using MimeKit;

namespace Gateway.Tests.Mime;

/// <summary>A reused parser reads each message as a fresh one does, after a message that failed too, from any thread.</summary>
public sealed class PooledMimeParsersTests
{
    private static byte[] Message(int n) => Encoding.ASCII.GetBytes(
        $"From: a{n}@example.com\r\nTo: b@example.com\r\nSubject: message {n}\r\nMIME-Version: 1.0\r\n"
        + $"Content-Type: multipart/mixed; boundary=\"b{n}\"\r\n\r\n--b{n}\r\nContent-Type: text/plain\r\n\r\n{new string('x', n % 300)}\r\n"
        + $"--b{n}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--b{n}--\r\n");

    private static string Written(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(output);
        return Encoding.ASCII.GetString(output.ToArray());
    }

    [Fact]
    public async Task Messages_parse_as_MimeKit_parses_them_one_after_another_and_after_one_that_failed()
    {
        var first = await PooledMimeParsers.LoadMessageAsync(new MemoryStream(Message(1)), CancellationToken.None);
        await Assert.ThrowsAsync<FormatException>(() => PooledMimeParsers.LoadMessageAsync(new MemoryStream([]), CancellationToken.None));
        var second = await PooledMimeParsers.LoadMessageAsync(new MemoryStream(Message(2)), CancellationToken.None);

        Assert.Equal(Written(MimeMessage.Load(new MemoryStream(Message(1)))), Written(first));
        Assert.Equal(Written(MimeMessage.Load(new MemoryStream(Message(2)))), Written(second));
        Assert.Equal("message 2", second.Subject);
    }

    [Fact]
    public async Task Parsers_shared_by_concurrent_sessions_keep_each_message_its_own()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var n = t * 1000 + i;
                var message = await PooledMimeParsers.LoadMessageAsync(new MemoryStream(Message(n)), CancellationToken.None);
                if (message.Subject != $"message {n}" || Written(message) != Written(MimeMessage.Load(new MemoryStream(Message(n))))) return false;
            }
            return true;
        })));

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task Disposing_a_message_leaves_the_stream_its_content_lies_in_open_for_the_next_reader()
    {
        // The relay disposes each message when done (MimeKit's entities have finalizers); the spool it was parsed from
        // belongs to the session and is read again (the X.400 file, the next hop) only before that, but must not be closed by it.
        var octets = Message(7);
        var stream = new MemoryStream(octets);
        var message = await PooledMimeParsers.LoadMessageAsync(stream, CancellationToken.None);
        var written = Written(message);

        message.Dispose();

        Assert.True(stream.CanRead);
        stream.Position = 0;
        Assert.Equal(octets, stream.ToArray());
        Assert.Equal(Written(MimeMessage.Load(new MemoryStream(octets))), written);
        var next = await PooledMimeParsers.LoadMessageAsync(new MemoryStream(Message(8)), CancellationToken.None);
        Assert.Equal("message 8", next.Subject);
    }
}
