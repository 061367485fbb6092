using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Tests.Integration.Smtp;
using Gateway.Tests.Smtp.Conformance;
using Xunit.Sdk;

namespace Gateway.Tests.Hostile.Smtp;

/// <summary>
/// Runs one corpus case on its own connection to a shared gateway: brings the session to the case's start, sends the
/// case's octets, compares every reply exactly, and then proves that the gateway still serves (on the same connection,
/// or on a new one when the case closes it).
/// </summary>
public static class CorpusRunner
{
    public static async Task RunAsync(SinkGatewayFixture fixture, CorpusCase corpusCase)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(corpusCase);
        var marker = Legitimate.NewMarker("hostile");
        var proof = Legitimate.NewMarker("proof");
        if (corpusCase.After == CorpusAfter.Tls)
        {
            await RunThroughTlsAsync(fixture.Port, corpusCase, marker, proof);
            await AssertDeliveredAsync(fixture, corpusCase, marker, proof);
            return;
        }
        await using (var wire = await SmtpWire.OpenAsync(fixture.Port))
        {
            await StartAsync(wire, corpusCase);
            await wire.SendAsync(Encoding.Latin1.GetBytes(corpusCase.Send.Replace("{marker}", marker, StringComparison.Ordinal)));
            var actual = new List<WireReply>();
            foreach (var expected in corpusCase.Replies)
            {
                actual.Add(await wire.ReadReplyAsync());
                if (!Matches(expected, actual[^1].ToString())) throw Mismatch(corpusCase, actual, wire);
            }
            if (corpusCase.After == CorpusAfter.Same)
            {
                (await wire.CommandAsync("RSET")).Expect("250 2.0.0", $"RSET after '{corpusCase}'");
                (await wire.CommandAsync("EHLO wire.client.test")).Expect("250", "EHLO after the case");
                await Legitimate.SendAsync(wire, proof);
                (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
            }
            else if (corpusCase.After == CorpusAfter.Closed)
            {
                var rest = await wire.ReadUntilClosedAsync();
                if (rest.Length > 0) throw new XunitException($"'{corpusCase}': more after the expected replies: {Escape(rest)}\n{wire.Transcript}");
            }
        }
        if (corpusCase.After is CorpusAfter.Closed or CorpusAfter.Hangup)
        {
            await using var wire = await SmtpWire.HelloAsync(fixture.Port);
            await Legitimate.SendAsync(wire, proof);
            (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        }
        await AssertDeliveredAsync(fixture, corpusCase, marker, proof);
    }

    private static async Task AssertDeliveredAsync(SinkGatewayFixture fixture, CorpusCase corpusCase, string marker, string proof)
    {
        if (corpusCase.Delivered is not { } delivered) return;
        // The proof went after the case: once it is at the next hop, the case's message would be there too.
        await SinkInspection.WaitForAsync(fixture.Sink, proof);
        Assert.Equal(delivered, SinkInspection.With(fixture.Sink, marker).Count);
    }

    /// <summary>
    /// SmtpWire speaks plaintext only, so a case that ends in a TLS handshake runs on a socket of its own: EHLO, the case's
    /// octets, its replies, the handshake, and then the session over TLS.
    /// </summary>
    private static async Task RunThroughTlsAsync(int port, CorpusCase c, string marker, string proof)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port, hangGuard.Token);
        var plain = client.GetStream();
        var reader = new StreamReader(plain, Encoding.Latin1);
        var transcript = new StringBuilder();
        async Task<string> Reply(StreamReader from)
        {
            var lines = new List<string>();
            do
            {
                lines.Add(await from.ReadLineAsync(hangGuard.Token) ?? throw new XunitException($"'{c}': closed before a complete reply.\n{transcript}"));
                transcript.Append("S: ").Append(lines[^1]).Append('\n');
            }
            while (lines[^1].Length > 3 && lines[^1][3] == '-');
            return string.Join("\n", lines);
        }
        async Task<string> Command(Stream to, StreamReader from, string line)
        {
            transcript.Append("C: ").Append(line).Append('\n');
            await to.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n"), hangGuard.Token);
            return await Reply(from);
        }
        void Expect(string expected, string actual)
        {
            if (!Matches(expected, actual)) throw new XunitException($"'{c}': expected {Escape(expected)}, got {Escape(actual)}\n{transcript}");
        }

        await Reply(reader);
        await Command(plain, reader, "EHLO wire.client.test");
        transcript.Append("C: ").Append(Escape(c.Send)).Append('\n');
        await plain.WriteAsync(Encoding.Latin1.GetBytes(c.Send.Replace("{marker}", marker, StringComparison.Ordinal)), hangGuard.Token);
        foreach (var expected in c.Replies) Expect(expected, await Reply(reader));

        await using var tls = new SslStream(plain, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "gateway.test" }, hangGuard.Token);
        var secure = new StreamReader(tls, Encoding.Latin1);
        // Had anything pipelined behind STARTTLS been kept, its reply would come here first; and MAIL needs a new EHLO.
        Expect("503 5.5.1 Error: send HELO/EHLO first", await Command(tls, secure, $"MAIL FROM:<{Legitimate.Sender}>"));
        Expect("250", ReplyStatus.Of(await Command(tls, secure, "EHLO wire.client.test")));
        Expect("250 2.1.0 Ok", await Command(tls, secure, $"MAIL FROM:<{Legitimate.Sender}>"));
        Expect("250 2.1.5 Ok", await Command(tls, secure, $"RCPT TO:<{Legitimate.Recipient}>"));
        Expect("354 End data with <CR><LF>.<CR><LF>", await Command(tls, secure, "DATA"));
        Expect("250 2.0.0", ReplyStatus.Of(await Command(tls, secure, Legitimate.Message(proof) + ".")));
        Expect("221 2.0.0 Bye", await Command(tls, secure, "QUIT"));
    }

    private static async Task StartAsync(SmtpWire wire, CorpusCase c)
    {
        if (c.Start == CorpusStart.Connect) return;
        (await wire.CommandAsync("EHLO wire.client.test")).Expect("250", "EHLO");
        if (c.Start == CorpusStart.Ehlo) return;
        (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
        if (c.Start == CorpusStart.Mail) return;
        (await wire.CommandAsync($"RCPT TO:<{c.Recipient}>")).Expect("250 2.1.5", "RCPT");
        if (c.Start == CorpusStart.Rcpt) return;
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
    }

    /// <summary>Exact text, but for <c>{*}</c>, which stands for one run of non-blank characters (an id, a digest).</summary>
    public static bool Matches(string expected, string actual) =>
        Regex.IsMatch(actual, "^" + Regex.Escape(expected).Replace(@"\{\*}", @"\S+", StringComparison.Ordinal) + "$", RegexOptions.None, TimeSpan.FromSeconds(5));

    private static XunitException Mismatch(CorpusCase c, List<WireReply> actual, SmtpWire wire) =>
        new($"'{c}': the replies differ. Expected:\n{string.Join("\n", c.Replies.Select(r => "reply: " + Escape(r)))}\nActual:\n"
            + $"{string.Join("\n", actual.Select(r => "reply: " + Escape(r.ToString())))}\n{wire.Transcript}");

    /// <summary>A reply as a corpus line would write it.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\\' => @"\\",
                '\r' => @"\r",
                '\n' => @"\n",
                _ when c < 32 || c > 126 => $"\\x{(int)c:X2}",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
