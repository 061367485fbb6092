using System.Globalization;
using System.Text;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// Gateway:Smtp:MaxMessageSize (20000 here), announced with SIZE and enforced while receiving DATA and BDAT, and
/// Gateway:Smtp:MaxRecipients (3 here), on a real gateway over a raw socket.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SizeAndRecipientLimitTests(LimitsGatewayFixture fixture) : IClassFixture<LimitsGatewayFixture>
{
    private const long Limit = LimitsGatewayFixture.MaxMessageSize;

    private static string Octets(long count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Oversized(string marker) =>
        $"Subject: {marker}\r\n\r\n" + string.Concat(Enumerable.Repeat(new string('z', 98) + "\r\n", (int)(Limit / 100) + 50));

    private async Task OpenTransactionAsync(SmtpWire wire, string mailParameters = "")
    {
        (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>{mailParameters}")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync($"RCPT TO:<{Legitimate.Recipient}>")).Expect("250 2.1.5", "RCPT");
    }

    private async Task FinishAsync(SmtpWire wire, string refusedMarker)
    {
        var after = Legitimate.NewMarker("after");
        await Legitimate.SendAsync(wire, after);
        (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        await SinkInspection.WaitForAsync(fixture.Sink, after);
        SinkInspection.AssertNone(fixture.Sink, refusedMarker);
        await Legitimate.AssertStillServedAsync(fixture);
    }

    [Fact]
    public async Task A_SIZE_over_the_limit_gets_552_5_3_4_at_MAIL_and_the_session_goes_on()
    {
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);

        (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}> SIZE={Octets(Limit + 1)}")).Expect("552 5.3.4", "SIZE one over the limit");
        (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}> SIZE={Octets(Limit)}")).Expect("250 2.1.0", "SIZE at the limit");
        (await wire.CommandAsync("RSET")).Expect("250 2.0.0", "RSET");

        await FinishAsync(wire, "no-such-marker");
    }

    [Fact]
    public async Task A_DATA_stream_over_the_limit_gets_552_5_3_4_and_nothing_is_relayed()
    {
        var marker = Legitimate.NewMarker("big-data");
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);
        await OpenTransactionAsync(wire);
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");

        await wire.SendAsync(Oversized(marker) + ".\r\n");
        (await wire.ReadReplyAsync()).Expect("552 5.3.4", "the final dot of an oversized message");

        await FinishAsync(wire, marker);
    }

    [Fact]
    public async Task A_single_BDAT_chunk_over_the_limit_gets_552_5_3_4_and_nothing_is_relayed()
    {
        var marker = Legitimate.NewMarker("big-bdat");
        var chunk = Encoding.Latin1.GetBytes(Oversized(marker));
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);
        await OpenTransactionAsync(wire);

        await wire.SendAsync($"BDAT {Octets(chunk.Length)} LAST\r\n");
        await wire.SendAsync(chunk);
        (await wire.ReadReplyAsync()).Expect("552 5.3.4", "an oversized BDAT LAST");

        await FinishAsync(wire, marker);
    }

    /// <summary>
    /// RFC 3030 §2: "A 250 response MUST be sent to each successful BDAT data block"; a 5xx to a chunk makes the client
    /// stop sending chunks. The chunk that takes the message over the fixed limit is not a success: it gets 552 5.3.4,
    /// rather than a 250 that invites the client to send the rest only to refuse it all at LAST.
    /// </summary>
    [Fact]
    public async Task The_BDAT_chunk_that_crosses_the_limit_gets_552_5_3_4_and_nothing_is_relayed()
    {
        var marker = Legitimate.NewMarker("big-chunks");
        var half = Encoding.Latin1.GetBytes(Oversized(marker))[..(int)(Limit * 3 / 4)];
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);
        await OpenTransactionAsync(wire);

        await wire.SendAsync($"BDAT {Octets(half.Length)}\r\n");
        await wire.SendAsync(half);
        (await wire.ReadReplyAsync()).Expect("250 2.0.0", "a first chunk under the limit");
        await wire.SendAsync($"BDAT {Octets(half.Length)}\r\n");
        await wire.SendAsync(half);
        (await wire.ReadReplyAsync()).Expect("552 5.3.4", "the chunk that crosses the limit");
        (await wire.CommandAsync("RSET")).Expect("250 2.0.0", "RSET after the failed BDAT transaction");

        await FinishAsync(wire, marker);
    }

    [Fact]
    public async Task Recipients_over_the_limit_get_452_4_5_3_and_the_accepted_ones_get_the_message()
    {
        var marker = Legitimate.NewMarker("recipients");
        string[] accepted = ["r1@elsewhere.example", "r2@elsewhere.example", "r3@elsewhere.example"];
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
            foreach (var recipient in accepted) (await wire.CommandAsync($"RCPT TO:<{recipient}>")).Expect("250 2.1.5", recipient);
            (await wire.CommandAsync("RCPT TO:<r4@elsewhere.example>")).Expect("452 4.5.3", $"recipient {LimitsGatewayFixture.MaxRecipients + 1}");
            (await wire.CommandAsync("DATA")).Expect("354", "DATA");
            await wire.SendAsync(Legitimate.Message(marker) + ".\r\n");
            (await wire.ReadReplyAsync()).Expect("250 2.0.0", "the final dot");
            (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        }
        var relayed = await SinkInspection.WaitForAsync(fixture.Sink, marker);
        Assert.Equal(accepted, relayed.Recipients);
        await Legitimate.AssertStillServedAsync(fixture);
    }
}
