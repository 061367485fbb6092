namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// A client that stops talking, on a gateway with Gateway:Smtp:CommandTimeout and DataTimeout of two seconds: it is
/// told 421 4.4.2 and disconnected, what it had half sent is not relayed, and the gateway goes on serving. Nothing
/// here measures time: the tests only wait for the server to act.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionTimeoutTests(TimeoutGatewayFixture fixture) : IClassFixture<TimeoutGatewayFixture>
{
    private static async Task AssertTimedOutAsync(SmtpWire wire, string context)
    {
        (await wire.ReadReplyAsync()).Expect("421 4.4.2", context);
        Assert.Equal("", await wire.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_client_silent_after_EHLO_gets_421_4_4_2_and_is_disconnected()
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            await AssertTimedOutAsync(wire, "silence after EHLO");
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }

    /// <summary>RFC 2034 §4: the enhanced code is due whether or not the client said EHLO (only the greeting is exempt).</summary>
    [Fact]
    public async Task A_client_that_never_speaks_gets_421_4_4_2_and_is_disconnected()
    {
        await using (var wire = await SmtpWire.OpenAsync(fixture.Port))
        {
            await AssertTimedOutAsync(wire, "silence after the greeting");
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }

    [Fact]
    public async Task A_client_silent_in_the_middle_of_DATA_gets_421_4_4_2_and_its_half_message_is_not_relayed()
    {
        var marker = Legitimate.NewMarker("half-data");
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
            (await wire.CommandAsync($"RCPT TO:<{Legitimate.Recipient}>")).Expect("250 2.1.5", "RCPT");
            (await wire.CommandAsync("DATA")).Expect("354", "DATA");
            await wire.SendAsync($"Subject: {marker}\r\n\r\nThe first line, and then noth");
            await AssertTimedOutAsync(wire, "silence in the middle of DATA");
        }
        await Legitimate.AssertStillServedAsync(fixture);
        SinkInspection.AssertNone(fixture.Sink, marker);
    }

    [Fact]
    public async Task A_client_silent_in_the_middle_of_a_BDAT_chunk_gets_421_4_4_2_and_its_half_message_is_not_relayed()
    {
        var marker = Legitimate.NewMarker("half-bdat");
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
            (await wire.CommandAsync($"RCPT TO:<{Legitimate.Recipient}>")).Expect("250 2.1.5", "RCPT");
            await wire.SendAsync($"BDAT 500 LAST\r\nSubject: {marker}\r\n\r\nOnly part of the promised 500 octets");
            await AssertTimedOutAsync(wire, "silence in the middle of a BDAT chunk");
        }
        await Legitimate.AssertStillServedAsync(fixture);
        SinkInspection.AssertNone(fixture.Sink, marker);
    }
}
