using Gateway.Smtp;
using Gateway.Smtp.Client;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Smtp.Client;

/// <summary>
/// The Polly pipeline in front of the next hop, against smtp-sink refusing the end of data (each attempt leaves a dump,
/// so the attempts can be counted): temporary failures are retried, permanent ones never, and an open circuit stops
/// the next hop from being tried at all.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ResilientNextHopTests
{
    private static ResilientNextHop Over(int port, int retries, int breakerThroughput) =>
        new(NextHops.To(port), new ResilienceSettings(retries, TimeSpan.FromMilliseconds(20), breakerThroughput, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            TimeProvider.System, NullLogger<ResilientNextHop>.Instance);

    private static Task<NextHopResult> SendAsync(ResilientNextHop hop) =>
        hop.SendAsync(NextHops.Plain(), "a@origin.test", [new SmtpRecipient("b@far.test")], MailParameters.None, CancellationToken.None);

    [Fact]
    public async Task A_temporary_failure_is_tried_again_with_back_off()
    {
        await using var sink = await SmtpSink.StartRejectingAsync(".", "451 4.3.0 try again later");

        var result = await SendAsync(Over(sink.Port, retries: 2, breakerThroughput: 100));

        Assert.Equal(NextHopOutcome.TransientFailure, result.Outcome);
        Assert.Equal(3, sink.Messages().Count);
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        await using var sink = await SmtpSink.StartRejectingAsync(".", "554 5.7.1 not here");

        var result = await SendAsync(Over(sink.Port, retries: 2, breakerThroughput: 100));

        Assert.Equal(NextHopOutcome.PermanentFailure, result.Outcome);
        Assert.Single(sink.Messages());
    }

    [Fact]
    public async Task After_repeated_temporary_failures_the_circuit_opens_and_the_next_hop_is_left_alone()
    {
        await using var sink = await SmtpSink.StartRejectingAsync(".", "451 4.3.0 try again later");
        var hop = Over(sink.Port, retries: 0, breakerThroughput: 2);

        await SendAsync(hop);
        await SendAsync(hop);
        var third = await SendAsync(hop);

        Assert.Equal(NextHopOutcome.TransientFailure, third.Outcome);
        Assert.StartsWith("the next hop is not tried for now (circuit open after repeated temporary failures)", third.Reply, StringComparison.Ordinal);
        Assert.Equal(2, sink.Messages().Count);
    }
}
