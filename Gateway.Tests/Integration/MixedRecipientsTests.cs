using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>
/// One transaction with an X.400 and an SMTP recipient: the X.400 part is written first, a temporary failure of the
/// SMTP part is a 4xx for the whole transaction, and the client's retry replaces the X.400 file instead of adding a second.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MixedRecipientsTests
{
    [Fact]
    public async Task A_temporary_SMTP_failure_defers_the_whole_transaction_and_the_retry_makes_no_second_X400_message()
    {
        await using var sink = await SmtpSink.StartRejectingAsync(".", "451 4.3.0 try again later");
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("mixed", "two worlds"));
        string[] recipients = ["john.smith@x400.example", "bob@far.example"];
        var outbox = Path.Combine(gateway.DataDirectory, "x400", "out");

        var first = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", recipients, message);
        var written = Assert.Single(Directory.GetFiles(outbox));
        var second = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", recipients, message);

        Assert.Equal(451, first.DataReplyCode);
        Assert.Equal(451, second.DataReplyCode);
        Assert.Equal([written], Directory.GetFiles(outbox));
        Assert.Equal(2, sink.Messages().Count); // the SMTP part was tried each time
        var audit = gateway.AuditLines().Select(a => a.RootElement).ToList();
        Assert.Equal(["relayed", "deferred", "relayed", "deferred"], audit.Select(a => a.GetProperty("action").GetString()));
        Assert.Equal(["smtp-to-x400", "smtp-to-smtp", "smtp-to-x400", "smtp-to-smtp"], audit.Select(a => a.GetProperty("direction").GetString()));
    }
}
