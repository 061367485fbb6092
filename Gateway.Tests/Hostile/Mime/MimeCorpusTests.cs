using Gateway.Tests.Hostile.Smtp;

namespace Gateway.Tests.Hostile.Mime;

/// <summary>
/// The MIME and base64 part of the hostile-input corpus: every case in the *.corpus files of this folder, against one real gateway,
/// sent as messages (mostly to an X.400 recipient) on a connection each, each followed by the proof that the gateway still serves.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MimeCorpusTests(HostileGatewayFixture fixture) : IClassFixture<HostileGatewayFixture>
{
    private const string Family = "Mime";

    private static readonly Lazy<Dictionary<string, CorpusCase>> Cases = new(() => CorpusFile.LoadFamily(Family));

    public static TheoryData<string> Names => CorpusFile.Names(Cases.Value.Values);

    [Theory]
    [MemberData(nameof(Names))]
    public Task The_gateway_gives_the_exact_reply_and_still_serves(string name) => CorpusRunner.RunAsync(fixture, Cases.Value[name]);
}
