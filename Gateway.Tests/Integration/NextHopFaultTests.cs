using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// X.400 → SMTP when the next hop misbehaves: a real Postfix that is down for a while (the files wait in in/ and are
/// delivered when it is back, nothing lost, nothing returned) and an smtp-sink too slow for the timeout (deferred, kept).
/// </summary>
[Trait("Category", "Integration")]
public sealed class NextHopFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly OrName Originator = new(OrAddress.Parse("/S=Sender/O=Acme/PRMD=Acme/ADMD= /C=GB/"));

    private static P1Message Message(string mailbox, string subject) =>
        InboundP1.Message(Originator, mailbox, X400TestContent.Ipm(subject, "waits for the next hop"), X400ContentType.FromBuiltIn(22), null,
            PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatorNonDeliveryReport);

    private static Dictionary<string, string> Patient => new()
    {
        ["Gateway:X400:PollInterval"] = "00:00:00.2",
        ["Gateway:Delivery:Retries"] = "0",
        ["Gateway:Delivery:MaxRetryInterval"] = "00:00:02",
        ["Gateway:Delivery:BreakerMinimumThroughput"] = "100",
    };

    [Fact]
    public async Task A_next_hop_down_for_a_while_gets_every_message_when_it_is_back()
    {
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { MaildirDomains = ["example.com"] });
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = postfix.ListenPort, Settings = Patient });
        await postfix.StopAsync();

        for (var i = 0; i < 3; i++) await InboundP1.DropAsync(gateway, Message($"user{i}@example.com", $"outage-{i}"));
        var deferred = await Poll.UntilAsync(gateway.AuditLines, lines => lines.Count(l => l.RootElement.GetProperty("action").GetString() == "deferred") >= 6,
            Patience, lines => $"{lines.Count} audit lines\n{gateway.Output}");
        Assert.All(deferred, l => Assert.Equal("deferred", l.RootElement.GetProperty("action").GetString()));
        Assert.All(deferred, l => Assert.Equal($"127.0.0.1:{postfix.ListenPort}: Connection refused", l.RootElement.GetProperty("reason").GetString()));
        await postfix.StartAgainAsync();

        var delivered = await postfix.WaitForMaildirMessagesAsync(3, Patience);
        Assert.Equal(3, delivered.Count);
        var relayed = await Poll.UntilAsync(gateway.AuditLines, lines => lines.Count(l => l.RootElement.GetProperty("action").GetString() == "relayed") == 3,
            Patience, lines => $"{lines.Count} audit lines\n{gateway.Output}");
        Assert.DoesNotContain(relayed, l => l.RootElement.GetProperty("action").GetString() is "reported" or "rejected");
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "in")));
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out"))); // no report: nothing failed
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(gateway.DataDirectory, "x400", "work"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_next_hop_slower_than_the_timeout_defers_and_keeps_the_message()
    {
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { DataDelaySeconds = 5 });
        var settings = Patient;
        settings["Gateway:Smtp:NextHopTimeout"] = "00:00:01";
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = settings });

        await InboundP1.DropAsync(gateway, Message("slow@example.com", "slow"), "slow");

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        Assert.Equal("deferred", audit.GetProperty("action").GetString());
        Assert.Equal($"127.0.0.1:{sink.Port}: timed out", audit.GetProperty("reason").GetString());
        await Poll.UntilAsync(() => File.Exists(Path.Combine(gateway.DataDirectory, "x400", "in", "slow.p1")), found => found, Patience, _ => gateway.Output);
        Assert.Empty(sink.Messages());
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
    }
}
