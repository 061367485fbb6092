using Gateway.Smtp;
using Gateway.Smtp.Client;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Smtp.Client;

/// <summary>The envelope as Postfix's smtp-sink records it: the exact MAIL and RCPT parameters the client sent.</summary>
[Trait("Category", "Integration")]
public sealed class SmtpNextHopSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sends_NOTIFY_ORCPT_RET_and_ENVID_as_given_when_the_next_hop_offers_DSN()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartAsync(hangGuard.Token);
        SmtpRecipient[] recipients =
        [
            new("bob+tag@example.com", DsnNotify.Success | DsnNotify.Failure, "rfc822", "bob+tag@example.com"),
            new("carol@example.com", DsnNotify.Never),
            new("dave@example.com", DsnNotify.Delay | DsnNotify.Failure),
            new("erin@example.com"),
        ];

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.Plain(), "alice@origin.test", recipients,
            new MailParameters(Return: DsnReturn.Headers, EnvelopeId: "QQ1+x=y"), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        Assert.Equal("2.0.0", result.EnhancedCode);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Patience, hangGuard.Token));
        Assert.Equal("<alice@origin.test> ENVID=QQ1+2Bx+3Dy RET=HDRS", received.MailArguments);
        Assert.Equal(
            [
                "<bob+tag@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Btag@example.com",
                "<carol@example.com> NOTIFY=NEVER ORCPT=rfc822;carol@example.com",
                "<dave@example.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;dave@example.com",
                "<erin@example.com>",
            ],
            received.RecipientArguments);
    }

    [Fact]
    public async Task Sends_the_null_reverse_path_as_MAIL_FROM_empty_angle_brackets()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartAsync(hangGuard.Token);

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.Plain("bounce"), "", [new SmtpRecipient("bob@example.com")],
            new MailParameters(Return: DsnReturn.Full), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Patience, hangGuard.Token));
        Assert.Equal("<> RET=FULL", received.MailArguments);
        Assert.Equal("", received.MailFrom);
    }

    [Fact]
    public async Task Declares_8bit_content_with_BODY_8BITMIME()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartAsync(hangGuard.Token);

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.EightBitText(), "alice@origin.test", [new SmtpRecipient("bob@example.com")],
            new MailParameters(BodyType.EightBitMime), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Patience, hangGuard.Token));
        Assert.Equal("<alice@origin.test> BODY=8BITMIME", received.MailArguments);
        Assert.True(NextHops.IndexOf(received.Data, "Grüße aus Köln"u8.ToArray()) > 0);
    }

    [Fact]
    public async Task Drops_DSN_parameters_for_a_next_hop_without_DSN_and_says_so_once()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await FlaggedSmtpSink.StartAsync(["-N"], hangGuard.Token);
        var logger = new RecordingLogger<SmtpNextHop>();
        var hop = NextHops.To(sink.Port, logger);
        var parameters = new MailParameters(Return: DsnReturn.Headers, EnvelopeId: "E1");
        SmtpRecipient[] recipients = [new("bob@example.com", DsnNotify.Success, "rfc822", "bob@example.com")];

        var first = await hop.SendAsync(NextHops.Plain(), "alice@origin.test", recipients, parameters, hangGuard.Token);
        var second = await hop.SendAsync(NextHops.Plain(), "alice@origin.test", recipients, parameters, hangGuard.Token);

        Assert.True(first.Accepted, first.Reply);
        Assert.True(second.Accepted, second.Reply);
        var received = await sink.WaitForMessagesAsync(2, hangGuard.Token);
        Assert.All(received, m => Assert.Equal("<alice@origin.test>", m.MailArguments));
        Assert.All(received, m => Assert.Equal(["<bob@example.com>"], m.RecipientArguments));
        var dropped = Assert.Single(logger.Events, e => e.EventId == 302);
        Assert.Equal(LogLevel.Information, dropped.Level);
        Assert.Contains($"127.0.0.1:{sink.Port}", dropped.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converts_8bit_text_to_quoted_printable_for_a_next_hop_without_8BITMIME()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await FlaggedSmtpSink.StartAsync(["-8"], hangGuard.Token);

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.EightBitText(), "alice@origin.test", [new SmtpRecipient("bob@example.com")],
            new MailParameters(BodyType.EightBitMime), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, hangGuard.Token));
        Assert.Equal("<alice@origin.test>", received.MailArguments);
        Assert.DoesNotContain(received.Data, b => b >= 0x80);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", TestMessages.Headers(received.Data), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("jörg@origin.test", "bob@example.com", "Subject: plain", "<jörg@origin.test>")]
    [InlineData("alice@origin.test", "jörg@example.com", "Subject: plain", "<jörg@example.com>")]
    [InlineData("alice@origin.test", "bob@example.com", "Subject: Grüße", "UTF-8 headers")]
    public async Task Refuses_with_5_6_7_what_needs_SMTPUTF8_when_the_next_hop_lacks_it(string from, string to, string subject, string needed)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartAsync(hangGuard.Token);
        var message = NextHops.Message($"From: a@origin.test\nTo: b@far.test\n{subject}\n\nbody\n");

        var result = await NextHops.To(sink.Port).SendAsync(message, from, [new SmtpRecipient(to)], new MailParameters(SmtpUtf8: true), hangGuard.Token);

        Assert.Equal(NextHopOutcome.PermanentFailure, result.Outcome);
        Assert.Equal("5.6.7", result.EnhancedCode);
        Assert.Equal($"127.0.0.1:{sink.Port} does not support SMTPUTF8, needed for {needed} (RFC 6531 §3.2)", result.Reply);
        await Task.Delay(TimeSpan.FromMilliseconds(300), hangGuard.Token);
        Assert.Empty(sink.Messages());
    }

    [Fact]
    public async Task Sends_an_internationalized_domain_as_A_labels_when_nothing_else_needs_SMTPUTF8()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartAsync(hangGuard.Token);

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.Plain(), "alice@origin.test", [new SmtpRecipient("bob@exämple.com")],
            new MailParameters(SmtpUtf8: true), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        var received = Assert.Single(await sink.WaitForMessagesAsync(1, Patience, hangGuard.Token));
        Assert.Equal("<alice@origin.test>", received.MailArguments);
        Assert.Equal(["<bob@xn--exmple-cua.com>"], received.RecipientArguments);
    }

    [Theory]
    [InlineData(".", "451 4.3.0 Try again later", NextHopOutcome.TransientFailure, "4.3.0", "said 451 4.3.0 Try again later")]
    [InlineData("RCPT", "550 5.1.1 No such user", NextHopOutcome.PermanentFailure, "5.1.1", "refused <bob@example.com>: 550 5.1.1 No such user")]
    [InlineData("MAIL", "554 Go away", NextHopOutcome.PermanentFailure, "5.0.0", "said 554 Go away")]
    [InlineData("MAIL", "452 Out of memory", NextHopOutcome.TransientFailure, "4.0.0", "said 452 Out of memory")]
    [InlineData("CONNECT", "421 4.3.2 Shutting down", NextHopOutcome.TransientFailure, "4.3.2", "said 421 4.3.2 Shutting down")]
    public async Task Maps_a_refusal_by_its_reply_code_and_enhanced_code(string command, string reply, NextHopOutcome outcome, string enhanced, string text)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var sink = await SmtpSink.StartRejectingAsync(command, reply, hangGuard.Token);

        var result = await NextHops.To(sink.Port).SendAsync(NextHops.Plain(), "alice@origin.test", [new SmtpRecipient("bob@example.com")],
            MailParameters.None, hangGuard.Token);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(enhanced, result.EnhancedCode);
        Assert.Equal($"127.0.0.1:{sink.Port} {text}", result.Reply);
    }

    [Fact]
    public async Task A_refused_connection_is_a_transient_4_4_1()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var port = FreePort.Next();

        var result = await NextHops.To(port).SendAsync(NextHops.Plain(), "alice@origin.test", [new SmtpRecipient("bob@example.com")],
            MailParameters.None, hangGuard.Token);

        Assert.Equal(NextHopOutcome.TransientFailure, result.Outcome);
        Assert.Equal("4.4.1", result.EnhancedCode);
        Assert.StartsWith($"127.0.0.1:{port}: ", result.Reply, StringComparison.Ordinal);
    }
}
