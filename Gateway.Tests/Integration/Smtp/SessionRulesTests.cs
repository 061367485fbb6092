namespace Gateway.Tests.Integration.Smtp;

/// <summary>Commands out of order, a pipelined transaction, and a client that makes too many errors, on a raw socket.</summary>
[Trait("Category", "Integration")]
public sealed class SessionRulesTests(LimitsGatewayFixture fixture) : IClassFixture<LimitsGatewayFixture>
{
    [Fact]
    public async Task Commands_out_of_order_get_503_5_5_1_and_the_session_then_relays_normally()
    {
        var marker = Legitimate.NewMarker();
        await using (var wire = await SmtpWire.OpenAsync(fixture.Port))
        {
            // RFC 2034 §4: the enhanced code is due "regardless of whether or not EHLO is employed by the client".
            (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("503 5.5.1", "MAIL before EHLO");
            (await wire.CommandAsync("EHLO wire.client.test")).Expect("250", "EHLO");
            (await wire.CommandAsync("RCPT TO:<bob@elsewhere.example>")).Expect("503 5.5.1", "RCPT before MAIL");
            (await wire.CommandAsync("DATA")).Expect("503 5.5.1", "DATA before MAIL");
            await wire.SendAsync("BDAT 3\r\nabc");
            (await wire.ReadReplyAsync()).Expect("503 5.5.1", "BDAT before MAIL");
            (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("250 2.1.0", "MAIL");
            (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("503 5.5.1", "a nested MAIL");
            (await wire.CommandAsync("DATA")).Expect("554 5.5.1", "DATA without recipients");
            (await wire.CommandAsync("RCPT TO:<bob@elsewhere.example>")).Expect("250 2.1.5", "RCPT");
            await wire.SendAsync("BDAT 2\r\nab");
            (await wire.ReadReplyAsync()).Expect("250 2.0.0", "a first BDAT chunk");
            (await wire.CommandAsync("DATA")).Expect("503 5.5.1", "DATA in a BDAT transaction");
            (await wire.CommandAsync("RSET")).Expect("250 2.0.0", "RSET");
            await Legitimate.SendAsync(wire, marker);
            (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        }
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, marker);
        Assert.Equal([Legitimate.Recipient], relayed.Recipients);
        await Legitimate.AssertStillServedAsync(fixture);
    }

    [Fact]
    public async Task A_whole_transaction_in_one_write_gets_every_reply_in_order()
    {
        var marker = Legitimate.NewMarker("pipelined");
        await using (var wire = await SmtpWire.OpenAsync(fixture.Port))
        {
            await wire.SendAsync("EHLO wire.client.test\r\nMAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@elsewhere.example>\r\n"
                + "RCPT TO:<john.qq.smith@x400.example>\r\nRCPT TO:<carol@elsewhere.example>\r\nDATA\r\n");
            var replies = await wire.ReadRepliesAsync(6);
            Assert.Equal(["250", "250 2.1.0", "250 2.1.5", "550 5.1.3", "250 2.1.5", "354"], replies.Select(r => r.Status));
            await wire.SendAsync(Legitimate.Message(marker) + ".\r\nQUIT\r\n");
            Assert.Equal(["250 2.0.0", "221 2.0.0"], (await wire.ReadRepliesAsync(2)).Select(r => r.Status));
            Assert.Equal("", await wire.ReadUntilClosedAsync());
        }
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, marker);
        Assert.Equal(["bob@elsewhere.example", "carol@elsewhere.example"], relayed.Recipients);
    }

    [Fact]
    public async Task Too_many_errors_get_421_4_7_0_and_the_connection_is_closed()
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            await wire.SendAsync(string.Concat(Enumerable.Repeat("FOOBAR\r\n", LimitsGatewayFixture.MaxErrors)));
            foreach (var reply in await wire.ReadRepliesAsync(LimitsGatewayFixture.MaxErrors)) reply.Expect("500 5.5.2", "an unknown command");
            (await wire.ReadReplyAsync()).Expect("421 4.7.0", $"error number {LimitsGatewayFixture.MaxErrors}");
            Assert.Equal("", await wire.ReadUntilClosedAsync());
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }
}
