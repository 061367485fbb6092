namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// What message data may hold, on a real gateway over a raw socket: text lines of at most 1000 octets, no NUL, and
/// CRLF only. Only CRLF "." CRLF ends DATA (RFC 5321 §4.1.1.4, §2.3.8), so none of the published SMTP-smuggling
/// sequences can end a message early and start a second one; the whole thing is refused and nothing reaches the next hop.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MessageDataTests(LimitsGatewayFixture fixture) : IClassFixture<LimitsGatewayFixture>
{
    private const string Smuggler = "eve@example.com";

    /// <summary>Opens a transaction for an SMTP recipient and sends <paramref name="data"/> (which must end the data itself) after the 354.</summary>
    private static async Task<WireReply> TransactionAsync(SmtpWire wire, string data)
    {
        (await wire.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync($"RCPT TO:<{Legitimate.Recipient}>")).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        await wire.SendAsync(data);
        return await wire.ReadReplyAsync();
    }

    /// <summary>In the same session, an ordinary transaction still works and is relayed; then nothing with <paramref name="marker"/> was.</summary>
    private async Task AssertRefusedAndSessionGoesOnAsync(SmtpWire wire, string marker)
    {
        var after = Legitimate.NewMarker("after");
        await Legitimate.SendAsync(wire, after);
        (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        // The session is sequential: by the time the later message is at the next hop, an earlier one would be too.
        await SinkInspection.WaitForAsync(fixture.Sink, after);
        SinkInspection.AssertNone(fixture.Sink, marker);
        SinkInspection.AssertNone(fixture.Sink, Smuggler);
    }

    [Fact]
    public async Task A_text_line_of_1000_octets_is_relayed_and_one_of_1001_gets_500_5_5_6()
    {
        var accepted = Legitimate.NewMarker("line-1000");
        var refused = Legitimate.NewMarker("line-1001");
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);

        (await TransactionAsync(wire, $"Subject: {accepted}\r\n\r\n{new string('x', 998)}\r\n.\r\n")).Expect("250 2.0.0", "a 1000-octet line");
        (await TransactionAsync(wire, $"Subject: {refused}\r\n\r\n{new string('x', 999)}\r\n.\r\n")).Expect("500 5.5.2", "a 1001-octet line");

        await SinkInspection.WaitForAsync(fixture.Sink, accepted);
        await AssertRefusedAndSessionGoesOnAsync(wire, refused);
    }

    [Fact]
    public async Task A_NUL_in_the_data_gets_554_5_6_0_and_nothing_is_relayed()
    {
        var marker = Legitimate.NewMarker("nul");
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);

        (await TransactionAsync(wire, $"Subject: {marker}\r\n\r\nbefore\0after\r\n.\r\n")).Expect("554 5.6.0", "data with a NUL");

        await AssertRefusedAndSessionGoesOnAsync(wire, marker);
    }

    /// <summary>The whole data phase, terminator included; {m} is the test's marker.</summary>
    private static readonly Dictionary<string, string> BadData = new()
    {
        ["bare LF as the first octet"] = "\nSubject: {m}\r\n\r\nbody\r\n.\r\n",
        ["bare LF in a header field"] = "Subject: {m}\nX-Test: yes\r\n\r\nbody\r\n.\r\n",
        ["bare LF ending the header section"] = "Subject: {m}\r\n\nbody\r\n.\r\n",
        ["bare LF in the body"] = "Subject: {m}\r\n\r\nbo\ndy\r\n.\r\n",
        ["bare LF ending the last line"] = "Subject: {m}\r\n\r\nbody\n\r\n.\r\n",
        ["lone CR as the first octet"] = "\rSubject: {m}\r\n\r\nbody\r\n.\r\n",
        ["lone CR in a header field"] = "Subject: {m}\rX-Test: yes\r\n\r\nbody\r\n.\r\n",
        ["lone CR ending the header section"] = "Subject: {m}\r\n\rbody\r\n.\r\n",
        ["lone CR in the body"] = "Subject: {m}\r\n\r\nbo\rdy\r\n.\r\n",
        ["lone CR before CRLF"] = "Subject: {m}\r\n\r\nbody\r\r\n.\r\n",
        ["lone CR starting the line before the final dot"] = "Subject: {m}\r\n\r\nbody\r\n\r.\r\n.\r\n",
    };

    public static TheoryData<string> BadDataCases => new(BadData.Keys);

    [Theory]
    [MemberData(nameof(BadDataCases))]
    public async Task A_bare_LF_or_lone_CR_in_the_data_gets_550_5_5_2_and_nothing_is_relayed(string position)
    {
        var marker = Legitimate.NewMarker("bare");
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);

        (await TransactionAsync(wire, BadData[position].Replace("{m}", marker, StringComparison.Ordinal))).Expect("550 5.5.2", $"data with a {position}");

        await AssertRefusedAndSessionGoesOnAsync(wire, marker);
    }

    /// <summary>The end-of-data look-alikes from the SMTP smuggling research (SEC Consult, December 2023), and their cousins.</summary>
    private static readonly Dictionary<string, string> Sequences = new()
    {
        ["<LF>.<LF>"] = "\n.\n",
        ["<LF>.<CR><LF>"] = "\n.\r\n",
        ["<CR>.<CR>"] = "\r.\r",
        ["<CR><LF>.<LF>"] = "\r\n.\n",
        ["<CR><LF>.<CR>"] = "\r\n.\r",
        ["<CR>.<LF>"] = "\r.\n",
        ["<CR>.<CR><LF>"] = "\r.\r\n",
        ["<LF>.<CR>"] = "\n.\r",
    };

    public static TheoryData<string> SmugglingSequences => new(Sequences.Keys);

    [Theory]
    [MemberData(nameof(SmugglingSequences))]
    public async Task A_smuggling_sequence_does_not_end_the_data_and_the_smuggled_message_never_reaches_the_next_hop(string sequence)
    {
        var marker = Legitimate.NewMarker("smuggling");
        var data = $"Subject: carrier {marker}\r\n\r\nThe visible message." + Sequences[sequence]
            + $"MAIL FROM:<{Smuggler}>\r\nRCPT TO:<victim-{marker}@elsewhere.example>\r\nDATA\r\n"
            + $"From: ceo@example.com\r\nSubject: smuggled {marker}\r\n\r\nPay the invoice.\r\n.\r\n";
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);

        // One reply for the whole thing: the smuggled MAIL, RCPT and DATA are message text, not commands.
        (await TransactionAsync(wire, data)).Expect("550 5.5.2", $"data with {sequence} in it");

        await AssertRefusedAndSessionGoesOnAsync(wire, marker);
    }
}
