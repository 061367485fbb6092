using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>An ordinary transaction to an SMTP recipient, and the proof that the gateway still relays one.</summary>
internal static class Legitimate
{
    public const string Sender = "alice@example.com";
    public const string Recipient = "bob@elsewhere.example";

    public static string NewMarker(string prefix = "legit") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A small RFC 5322 message whose subject and body carry <paramref name="marker"/>, CRLF line ends, no final dot.</summary>
    public static string Message(string marker, string to = Recipient) =>
        $"From: {Sender}\r\nTo: {to}\r\nSubject: {marker}\r\nMessage-ID: <{marker}@example.com>\r\n\r\nAn ordinary message, {marker}.\r\n";

    /// <summary>MAIL, RCPT, DATA and the message on a session that has said EHLO; every step must succeed.</summary>
    public static async Task SendAsync(SmtpWire wire, string marker, string to = Recipient)
    {
        (await wire.CommandAsync($"MAIL FROM:<{Sender}>")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync($"RCPT TO:<{to}>")).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        await wire.SendAsync(Message(marker, to) + ".\r\n");
        (await wire.ReadReplyAsync()).Expect("250 2.0.0", "the final dot");
    }

    /// <summary>A new connection relays an ordinary message to the next hop: the gateway is still serving.</summary>
    public static async Task AssertStillServedAsync(SinkGatewayFixture fixture)
    {
        var marker = NewMarker("after");
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            await SendAsync(wire, marker);
            (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        }
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, marker);
        Assert.Equal(Sender, relayed.MailFrom);
        Assert.Equal([Recipient], relayed.Recipients);
    }
}
