using Gateway.Tests.Hostile.Cms;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Hostile.OrAddress;

/// <summary>
/// Hostile X.400 recipients in RCPT TO on one real gateway with a MIXER table: each gets exactly its reply
/// (recipient-replies.tsv), and the same transaction then takes a good X.400 recipient and is carried to x400/out.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileRecipientTests(MappingGatewayFixture fixture) : IClassFixture<MappingGatewayFixture>
{
    private static readonly ExpectedOutcomes Expected = ExpectedOutcomes.Load("OrAddress", "recipient-replies.tsv");

    public static TheoryData<string> Names => new(HostileRecipientCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_recipient_gets_its_exact_reply_and_the_transaction_goes_on(string name)
    {
        await using var wire = await SmtpWire.HelloAsync(fixture.Port);
        (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("250 2.1.0", "MAIL");

        var reply = (await wire.CommandAsync($"RCPT TO:<{HostileRecipientCorpus.Cases[name]}>")).ToString();

        Assert.Equal(Expected.For(name, reply), reply);
        (await wire.CommandAsync("RCPT TO:<john.smith@x400.example>")).Expect("250 2.1.5", "a good X.400 recipient after the hostile one");
        if (!reply.StartsWith("250 ", StringComparison.Ordinal))
        {
            var before = Directory.GetFiles(fixture.OutDirectory);
            (await wire.CommandAsync("DATA")).Expect("354", "DATA");
            await wire.SendAsync([.. X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm(name, "after")), .. ".\r\n"u8]);
            (await wire.ReadReplyAsync()).Expect("250 2.0.0", "the final dot");
            Assert.Single(Directory.GetFiles(fixture.OutDirectory).Except(before));
        }
        (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
    }

    [Fact]
    public void Every_expected_reply_belongs_to_a_case() =>
        Assert.Empty(Expected.Names.Except(HostileRecipientCorpus.Cases.Keys));
}
