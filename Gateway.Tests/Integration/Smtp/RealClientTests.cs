using System.Globalization;
using System.Text.Json;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>Independent SMTP clients against the real gateway: swaks pipelining, and load from Postfix's smtp-source.</summary>
[Trait("Category", "Integration")]
public sealed class RealClientTests(RelayGatewayFixture fixture) : IClassFixture<RelayGatewayFixture>
{
    [Fact]
    public async Task Swaks_pipelining_gets_every_reply_in_order_and_the_message_reaches_the_next_hop()
    {
        var marker = Legitimate.NewMarker("swaks-pipeline");
        var message = TestMessages.Crlf($"From: alice@example.com\nTo: bob@elsewhere.example\nSubject: {marker}\n\nPipelined.\n");

        var result = await Swaks.SendAsync(fixture.Port, "alice@example.com", ["bob@elsewhere.example", "john.qq.smith@x400.example", "carol@elsewhere.example"],
            message, ["--pipeline"]);

        // swaks writes the pipelined group first, then the replies, each as a transcript line of its own.
        var lines = result.Transcript.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var mail = Array.FindIndex(lines, l => l.StartsWith(" -> MAIL FROM:", StringComparison.Ordinal));
        Assert.True(mail >= 0, result.Transcript);
        Assert.Equal([" -> MAIL FROM:<alice@example.com>", " -> RCPT TO:<bob@elsewhere.example>", " -> RCPT TO:<john.qq.smith@x400.example>",
            " -> RCPT TO:<carol@elsewhere.example>", " -> DATA"], lines[mail..(mail + 5)]);
        var replies = lines[(mail + 5)..].TakeWhile(l => l.StartsWith("<", StringComparison.Ordinal)).Select(l => l[4..]).Take(5).ToList();
        Assert.Equal(["250 2.1.0", "250 2.1.5", "550 5.1.3", "250 2.1.5", "354"], replies.Select(Gateway.Tests.Smtp.Conformance.ReplyStatus.Of));
        Assert.Equal(250, result.DataReplyCode);
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, marker);
        Assert.Equal(["bob@elsewhere.example", "carol@elsewhere.example"], relayed.Recipients);
    }

    [Fact]
    public async Task Twenty_smtp_source_sessions_deliver_200_messages_all_relayed_and_audited()
    {
        const string from = "load@example.com";
        const int messages = 200;

        var result = await ProcessRunner.RunAsync("/usr/sbin/smtp-source",
            ["-s", "20", "-m", messages.ToString(CultureInfo.InvariantCulture), "-c", "-f", from, "-t", "rcpt@elsewhere.example",
                $"127.0.0.1:{fixture.Port.ToString(CultureInfo.InvariantCulture)}"],
            timeout: TimeSpan.FromMinutes(2));

        // smtp-source stops at the first reply that is not the expected positive one.
        Assert.True(result.ExitCode == 0, result.ToString());
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, m => m.MailFrom == from, messages, "a message from smtp-source");
        Assert.Equal(messages, relayed.Count);
        Assert.All(relayed, m => Assert.Equal(["rcpt@elsewhere.example"], m.Recipients));
        var audit = await WaitForAuditAsync(from, messages);
        Assert.Equal(messages, audit.Count);
        Assert.All(audit, a => Assert.Equal("relayed", a.GetProperty("action").GetString()));
        Assert.Equal(messages, audit.Select(a => a.GetProperty("id").GetString()).Distinct().Count());
    }

    /// <summary>The audit lines of <paramref name="from"/> once there are <paramref name="count"/> (or all there are after a minute).</summary>
    private async Task<List<JsonElement>> WaitForAuditAsync(string from, int count)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var lines = fixture.Gateway.AuditLines().Select(d => d.RootElement).Where(e => e.GetProperty("from").GetString() == from).ToList();
            if (lines.Count >= count) return lines;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), guard.Token);
            }
            catch (OperationCanceledException)
            {
                return lines;
            }
        }
    }
}
