using System.Text.RegularExpressions;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// The upstream mode with the operator's own after-queue filter snippets, with an smtp-sink standing
/// in for the gateway: mail goes to the filter port, and what is re-injected goes to the relay host
/// without passing through the filter again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostfixUpstreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sends_mail_through_the_filter_and_relays_what_is_reinjected()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cancellationToken = hangGuard.Token;
        await using var filter = await SmtpSink.StartAsync(new SmtpSinkOptions { Hostname = "filter.test" }, cancellationToken);
        await using var nextHop = await SmtpSink.StartAsync(new SmtpSinkOptions { Hostname = "next-hop.test" }, cancellationToken);
        await using var postfix = await PostfixInstance.StartAsync(
            new PostfixOptions { FilterPort = filter.Port, RelayPort = nextHop.Port },
            cancellationToken);
        var message = TestMessages.Crlf("From: alice@origin.test\nSubject: filtered\n\nfiltered body\n");

        var sent = await Swaks.SendAsync(postfix.ListenPort, "alice@origin.test", ["bob@far.test"], message, cancellationToken: cancellationToken);

        Assert.Equal(250, sent.DataReplyCode);
        var filtered = Assert.Single(await filter.WaitForMessagesAsync(1, Patience, cancellationToken));
        Assert.Equal("alice@origin.test", filtered.MailFrom);
        Assert.Equal(new[] { "bob@far.test" }, filtered.Recipients);
        Assert.Equal(TestMessages.Body(message), TestMessages.Body(filtered.Data));
        Assert.NotNull(postfix.ReinjectPort);

        // What the gateway would do: hand the message back on the re-injection port.
        var reinjected = await Swaks.SendAsync(postfix.ReinjectPort.Value, filtered.MailFrom, filtered.Recipients, filtered.Data, cancellationToken: cancellationToken);

        Assert.Equal(250, reinjected.DataReplyCode);
        var relayed = Assert.Single(await nextHop.WaitForMessagesAsync(1, Patience, cancellationToken));
        Assert.Equal(TestMessages.Body(message), TestMessages.Body(relayed.Data));
        await postfix.WaitForLogAsync(new Regex(@"relay=127\.0\.0\.1\[127\.0\.0\.1\]:" + nextHop.Port + @".*status=sent"), Patience, cancellationToken);
        Assert.Single(filter.Messages());
    }

    [Fact]
    public async Task A_4xx_from_the_filter_leaves_the_message_in_the_deferred_queue()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cancellationToken = hangGuard.Token;
        await using var filter = await SmtpSink.StartRejectingAsync(".", "451 4.7.1 Gateway busy", cancellationToken);
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { FilterPort = filter.Port }, cancellationToken);
        var message = TestMessages.Crlf("Subject: held\n\nbody\n");

        var sent = await Swaks.SendAsync(postfix.ListenPort, "alice@origin.test", ["bob@far.test"], message, cancellationToken: cancellationToken);

        Assert.Equal(250, sent.DataReplyCode);
        await postfix.WaitForLogAsync(new Regex(@"status=deferred .*451 4\.7\.1 Gateway busy"), Patience, cancellationToken);
        Assert.False(await postfix.QueueIsEmptyAsync(cancellationToken));
    }
}
