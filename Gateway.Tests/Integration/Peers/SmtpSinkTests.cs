namespace Gateway.Tests.Integration.Peers;

[Trait("Category", "Integration")]
public sealed class SmtpSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Keeps_the_envelope_and_the_exact_data_of_each_transaction()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = hangGuard.Token;
        await using var sink = await SmtpSink.StartAsync(cancellationToken);
        var first = TestMessages.Crlf("Subject: one\n\n.leading dot\n\n");
        var second = TestMessages.Crlf("Subject: two\n\nsecond\n");

        var one = await Swaks.SendAsync(sink.Port, "a@origin.test", ["x@far.test", "y@far.test"], first, cancellationToken: cancellationToken);
        var two = await Swaks.SendAsync(sink.Port, "b@origin.test", ["z@far.test"], second, ["--pipeline"], cancellationToken: cancellationToken);

        Assert.Equal(250, one.DataReplyCode);
        Assert.Equal(250, two.DataReplyCode);
        var messages = await sink.WaitForMessagesAsync(2, Patience, cancellationToken);
        var byFrom = messages.ToDictionary(m => m.MailFrom);
        Assert.Equal(new[] { "x@far.test", "y@far.test" }, byFrom["a@origin.test"].Recipients);
        Assert.Equal(first, byFrom["a@origin.test"].Data);
        Assert.Equal(second, byFrom["b@origin.test"].Data);
        Assert.Equal("swaks.client.test", byFrom["b@origin.test"].Helo);
    }

    [Fact]
    public async Task A_counting_sink_keeps_nothing_and_counts_every_message()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = hangGuard.Token;
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { CountOnly = true }, cancellationToken);
        var message = TestMessages.Crlf("Subject: counted\n\nbody\n");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(250, (await Swaks.SendAsync(sink.Port, "a@origin.test", ["x@far.test"], message, cancellationToken: cancellationToken)).DataReplyCode);
        }
        await sink.Counter.WaitForAsync(3, Patience, () => sink.Output);

        Assert.Equal(3, sink.Counter.Received);
        Assert.Empty(Directory.GetFiles(sink.Directory, "*", SearchOption.AllDirectories));
        Assert.Empty(sink.Messages());
        await Assert.ThrowsAsync<TimeoutException>(() => sink.Counter.WaitForAsync(4, TimeSpan.FromMilliseconds(300), () => sink.Output));
    }

    [Fact]
    public async Task Answers_the_end_of_data_with_the_configured_reply()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = hangGuard.Token;
        await using var soft = await SmtpSink.StartRejectingAsync(".", "451 4.3.0 Try again later", cancellationToken);
        await using var hard = await SmtpSink.StartRejectingAsync("RCPT", "550 5.1.1 No such user", cancellationToken);
        var message = TestMessages.Crlf("Subject: refused\n\nbody\n");

        var deferred = await Swaks.SendAsync(soft.Port, "a@origin.test", ["x@far.test"], message, cancellationToken: cancellationToken);
        var rejected = await Swaks.SendAsync(hard.Port, "a@origin.test", ["x@far.test"], message, cancellationToken: cancellationToken);

        Assert.Equal(26, deferred.ExitCode);
        Assert.Equal("451 4.3.0 Try again later", deferred.DataReply);
        Assert.Equal(24, rejected.ExitCode);
        Assert.Equal("550 5.1.1 No such user", rejected.ReplyTo("RCPT TO:<x@far.test>"));
        Assert.Null(rejected.DataReply);
    }

    [Fact]
    public async Task An_interrupted_sink_refuses_connections_then_comes_back_on_its_port_with_what_it_had()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = hangGuard.Token;
        await using var sink = await SmtpSink.StartAsync(cancellationToken);
        var before = TestMessages.Crlf("Subject: before\n\nbefore\n");
        var after = TestMessages.Crlf("Subject: after\n\nafter\n");

        var one = await Swaks.SendAsync(sink.Port, "a@origin.test", ["x@far.test"], before, cancellationToken: cancellationToken);
        await sink.InterruptAsync();
        var refused = await Swaks.SendAsync(sink.Port, "a@origin.test", ["x@far.test"], after, cancellationToken: cancellationToken);
        await sink.StartAgainAsync(cancellationToken);
        var two = await Swaks.SendAsync(sink.Port, "a@origin.test", ["x@far.test"], after, cancellationToken: cancellationToken);

        Assert.Equal(250, one.DataReplyCode);
        Assert.Equal(2, refused.ExitCode); // swaks: error connecting to the server
        Assert.Equal(250, two.DataReplyCode);
        Assert.Equal(new[] { before, after }, sink.Messages().Select(m => m.Data));
        Assert.Empty(Directory.GetFiles(sink.CutDirectory));
    }
}
