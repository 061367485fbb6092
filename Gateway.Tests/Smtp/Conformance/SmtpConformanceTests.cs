using Xunit.Sdk;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>
/// The state machine against the standards, cell by cell: a fresh session is brought into a state with a command
/// prefix, the command under test is sent, and the first line of its reply must carry exactly the expected code and
/// enhanced code (see <see cref="ConformanceMatrix"/> for the table and the rules behind it).
/// </summary>
public sealed class SmtpConformanceTests(ConformanceCertificate certificate) : IClassFixture<ConformanceCertificate>
{
    public static TheoryData<string, string, string> Matrix => ConformanceMatrix.Cases();

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Command_in_state_gets_the_standard_reply(string state, string command, string expected)
    {
        var spec = ConformanceMatrix.Commands[command];
        await using var session = new ConformanceSession(spec.Client, spec.OfferTls ? certificate.Provider : null);

        var greeting = await session.ReadReplyAsync();
        Assert.Equal($"220 {ConformanceSession.Hostname} ESMTP CMS-X.400 Gateway", Assert.Single(greeting));
        foreach (var step in ConformanceMatrix.PrefixOf(state))
        {
            var reply = await session.ExchangeAsync(step);
            if (reply[^1][0] != '2')
            {
                throw new XunitException($"Could not bring the session to '{state}': '{reply[^1]}'.\n{session.Transcript}");
            }
        }

        var answer = await session.ExchangeAsync(spec.Wire);

        var actual = ReplyStatus.Of(answer[0]);
        if (actual != expected)
        {
            throw new XunitException($"{command} {state}: expected {expected}, got '{answer[0]}'.\n{session.Transcript}");
        }
    }

    [Theory]
    [InlineData("250-gw.test", "250")]
    [InlineData("354 End data with <CR><LF>.<CR><LF>", "354")]
    [InlineData("503 5.5.1 Error: need MAIL command", "503 5.5.1")]
    [InlineData("503 Error: need MAIL command", "503")]
    [InlineData("250-2.0.0 first line", "250 2.0.0")]
    [InlineData("421 4.4.2 gw.test Error: timeout exceeded", "421 4.4.2")]
    public void The_status_of_a_reply_line_is_its_code_and_enhanced_code(string line, string status) => Assert.Equal(status, ReplyStatus.Of(line));
}
