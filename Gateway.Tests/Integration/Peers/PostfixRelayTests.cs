using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Integration.Peers;

[Trait("Category", "Integration")]
public sealed class PostfixRelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Relays_a_swaks_message_to_the_sink_with_the_body_unchanged()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cancellationToken = hangGuard.Token;
        await using var sink = await SmtpSink.StartAsync(cancellationToken);
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { RelayPort = sink.Port }, cancellationToken);
        var message = TestMessages.Crlf(
            """
            From: Alice <alice@origin.test>
            To: bob@far.test, carol@far.test
            Subject: relay check
            Message-ID: <relay-check@origin.test>

            First line.
            .A line that starts with a dot, stuffed on the wire and unstuffed again.
            ..Two dots.

            Last line.

            """);

        var sent = await Swaks.SendAsync(postfix.ListenPort, "alice@origin.test", ["bob@far.test", "carol@far.test"], message, cancellationToken: cancellationToken);

        Assert.True(sent.ExitCode == 0, sent.Transcript);
        Assert.Matches(@"^250 2\.0\.0 Ok: queued as [0-9A-F]+$", sent.DataReply);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Patience, cancellationToken));
        Assert.Equal("alice@origin.test", received.MailFrom);
        Assert.Equal(new[] { "bob@far.test", "carol@far.test" }, received.Recipients);
        Assert.Equal(TestMessages.Body(message), TestMessages.Body(received.Data));
        Assert.Contains($"by {postfix.Hostname} (Postfix)", TestMessages.Headers(received.Data), StringComparison.Ordinal);

        await postfix.WaitForLogAsync(new Regex(@": removed$", RegexOptions.Multiline), Patience, cancellationToken);
        Assert.True(await postfix.QueueIsEmptyAsync(cancellationToken), postfix.MailLog());
    }

    [Fact]
    public async Task A_4xx_from_the_next_hop_leaves_the_message_deferred_in_the_queue()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cancellationToken = hangGuard.Token;
        await using var sink = await SmtpSink.StartRejectingAsync(".", "451 4.3.0 Try again later", cancellationToken);
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { RelayPort = sink.Port }, cancellationToken);
        var message = TestMessages.Crlf("Subject: deferred\n\nbody\n");

        var sent = await Swaks.SendAsync(postfix.ListenPort, "alice@origin.test", ["bob@far.test"], message, cancellationToken: cancellationToken);

        Assert.Equal(250, sent.DataReplyCode);
        await postfix.WaitForLogAsync(new Regex(@"to=<bob@far\.test>.*status=deferred.*451 4\.3\.0 Try again later"), Patience, cancellationToken);
        var queue = await postfix.QueueAsync(cancellationToken);
        var queued = Assert.Single(queue);
        Assert.Equal("deferred", queued.RootElement.GetProperty("queue_name").GetString());
        var recipient = Assert.Single(queued.RootElement.GetProperty("recipients").EnumerateArray());
        Assert.Contains("451 4.3.0 Try again later", recipient.GetProperty("delay_reason").GetString(), StringComparison.Ordinal);
    }
}
