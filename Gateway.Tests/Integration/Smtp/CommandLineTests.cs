namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// What a command line may hold, on a real gateway over a raw socket: length up to Gateway:Smtp:MaxCommandLineLength,
/// and no bare LF, lone CR or NUL anywhere. RFC 5321 §2.3.8: only CRLF ends a line ("Conforming implementations MUST
/// NOT recognize ... any other character or character sequence as a line terminator"), so a bare LF or a lone CR is an
/// error inside one line that ends at the next CRLF; what follows it is never a command of its own.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CommandLineTests(LimitsGatewayFixture fixture) : IClassFixture<LimitsGatewayFixture>
{
    private const int Limit = LimitsGatewayFixture.MaxCommandLineLength;

    [Fact]
    public async Task A_command_line_at_the_limit_is_served_and_one_octet_more_gets_500_5_5_2_and_the_session_goes_on()
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            var atLimit = "NOOP " + new string('x', Limit - "NOOP ".Length - 2);
            (await wire.CommandAsync(atLimit)).Expect("250 2.0.0", $"a {Limit}-octet NOOP");
            (await wire.CommandAsync(atLimit + "x")).Expect("500 5.5.2", $"a {Limit + 1}-octet NOOP");
            (await wire.CommandAsync("NOOP")).Expect("250 2.0.0", "NOOP after the long line");
            await Legitimate.SendAsync(wire, Legitimate.NewMarker());
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }

    [Fact]
    public async Task An_endless_command_line_gets_one_500_5_5_2_and_the_session_goes_on()
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            await wire.SendAsync("NOOP ");
            for (var i = 0; i < 64; i++) await wire.SendAsync(new string('y', 4096));
            (await wire.CommandAsync("")).Expect("500 5.5.2", "a 256 KiB line");
            (await wire.CommandAsync("NOOP")).Expect("250 2.0.0", "NOOP after the long line");
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }

    [Fact]
    public async Task An_overlong_MAIL_command_is_refused_as_a_whole_and_not_executed()
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            (await wire.CommandAsync($"MAIL FROM:<{new string('a', Limit)}@example.com>")).Expect("500 5.5.2", "an overlong MAIL");
            (await wire.CommandAsync("RCPT TO:<probe@elsewhere.example>")).Expect("503 5.5.1", "RCPT: no MAIL may have been taken");
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }

    /// <summary>Each is sent after EHLO, then RCPT (which needs MAIL) and QUIT, in one write.</summary>
    private static readonly Dictionary<string, string> BadLines = new()
    {
        ["bare LF between two commands"] = "NOOP\nNOOP\r\n",
        ["bare LF before the verb"] = "\nNOOP\r\n",
        ["bare LF inside the verb"] = "NO\nOP\r\n",
        ["bare LF inside the argument"] = "MAIL FROM:<eve@exa\nmple.com>\r\n",
        ["bare LF just before CRLF"] = "NOOP\n\r\n",
        ["bare LF smuggling a MAIL command"] = "RSET\nMAIL FROM:<eve@example.com>\r\n",
        ["lone CR between two commands"] = "NOOP\rNOOP\r\n",
        ["lone CR before the verb"] = "\rNOOP\r\n",
        ["lone CR inside the verb"] = "NO\rOP\r\n",
        ["lone CR inside the argument"] = "MAIL FROM:<eve@exa\rmple.com>\r\n",
        ["lone CR just before CRLF"] = "NOOP\r\r\n",
        ["lone CR smuggling a MAIL command"] = "RSET\rMAIL FROM:<eve@example.com>\r\n",
        ["NUL inside the verb"] = "NO\0OP\r\n",
        ["NUL inside the argument"] = "MAIL FROM:<eve\0@example.com>\r\n",
        ["NUL just before CRLF"] = "NOOP\0\r\n",
    };

    public static TheoryData<string> BadLineCases => new(BadLines.Keys);

    [Theory]
    [MemberData(nameof(BadLineCases))]
    public async Task A_command_line_with_a_bare_LF_lone_CR_or_NUL_is_one_500_5_5_2_and_nothing_in_it_is_executed(string position)
    {
        await using (var wire = await SmtpWire.HelloAsync(fixture.Port))
        {
            await wire.SendAsync(BadLines[position] + "RCPT TO:<probe@elsewhere.example>\r\nQUIT\r\n");

            (await wire.ReadReplyAsync()).Expect("500 5.5.2", $"the line with the {position}");
            (await wire.ReadReplyAsync()).Expect("503 5.5.1", "the RCPT probe: no MAIL may have been taken");
            (await wire.ReadReplyAsync()).Expect("221 2.0.0", "QUIT");
            Assert.Equal("", await wire.ReadUntilClosedAsync());
        }
        await Legitimate.AssertStillServedAsync(fixture);
    }
}
