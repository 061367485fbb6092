using System.Net;
using System.Text;
using Gateway.Smtp.Client;
using MimeKit;

namespace Gateway.Tests.Smtp.Client;

/// <summary>What the next-hop tests share: a client aimed at a local port, and messages as the gateway parses them.</summary>
internal static class NextHops
{
    public static SmtpNextHop To(int port, RecordingLogger<SmtpNextHop>? logger = null, TimeSpan? timeout = null, int cacheSize = 0, TimeSpan? cacheTime = null,
        int maxConnections = 20) =>
        new(new NextHopOptions(new DnsEndPoint("127.0.0.1", port), "gateway.test", timeout ?? TimeSpan.FromSeconds(30))
            {
                MaxConnections = maxConnections,
                ConnectionCacheSize = cacheSize,
                ConnectionCacheTime = cacheTime ?? TimeSpan.FromSeconds(2),
            },
            logger ?? new RecordingLogger<SmtpNextHop>());

    /// <summary>A message parsed from wire form, as the gateway has it (CRLF line ends, headers kept raw).</summary>
    public static MimeMessage Message(string text) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal))));

    public static MimeMessage Plain(string subject = "test") =>
        Message($"From: a@origin.test\nTo: b@far.test\nSubject: {subject}\nMessage-ID: <{Guid.NewGuid():N}@origin.test>\n\nbody\n");

    public static MimeMessage EightBitText() =>
        Message("From: a@origin.test\nTo: b@far.test\nSubject: umlauts\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nGrüße aus Köln\n");

    public static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
