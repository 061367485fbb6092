using System.Text.Json;
using Gateway.Tests.Hostile.Cms;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Hostile.P1;

/// <summary>
/// Hostile .p1 files dropped into x400/in/ of one real gateway: each ends in x400/failed/ beside exactly its .why
/// (expected-why.tsv), with an audit record that says the same and nothing at the next hop; then the good skeleton,
/// dropped after it, is delivered.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileP1Tests(HostileP1GatewayFixture fixture) : IClassFixture<HostileP1GatewayFixture>
{
    private const string Delivered = "delivered";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ExpectedOutcomes Expected = ExpectedOutcomes.Load("P1", "expected-why.tsv");

    public static TheoryData<string> Names => new(HostileP1Corpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_P1_file_fails_with_its_exact_reason_and_the_next_file_is_delivered(string name)
    {
        var file = $"hostile-{Guid.NewGuid():N}";
        var delivered = fixture.Sink.Messages().Count;

        var audit = await DropAsync(file, HostileP1Corpus.Cases[name]);

        var why = Path.Combine(fixture.FailedDirectory, file + ".why");
        string outcome;
        if (File.Exists(why))
        {
            outcome = (await File.ReadAllTextAsync(why)).TrimEnd('\n');
            Assert.Equal(outcome.Contains("; non-delivery report ", StringComparison.Ordinal) ? "reported" : "rejected", audit.GetProperty("action").GetString());
            Assert.Equal(outcome, audit.GetProperty("reason").GetString());
            Assert.True(File.Exists(Path.Combine(fixture.FailedDirectory, file + ".p1")));
            Assert.Equal(delivered, fixture.Sink.Messages().Count);
        }
        else
        {
            Assert.Equal("relayed", audit.GetProperty("action").GetString());
            var message = (await fixture.Sink.WaitForMessagesAsync(delivered + 1, Patience))[delivered];
            outcome = $"{Delivered} to {string.Join(", ", message.Recipients)}";
        }
        Assert.Equal(Expected.For(name, outcome), outcome);
        Assert.False(File.Exists(Path.Combine(fixture.InDirectory, file + ".p1")));

        var good = await DropAsync($"good-{Guid.NewGuid():N}", P1Skeleton.Message());
        Assert.Equal("relayed", good.GetProperty("action").GetString());
        var after = await fixture.Sink.WaitForMessagesAsync(fixture.Sink.Messages().Count, Patience);
        Assert.Equal([P1Skeleton.Mailbox], after[^1].Recipients);
    }

    [Fact]
    public void Every_expected_reason_belongs_to_a_case() =>
        Assert.Empty(Expected.Names.Except(HostileP1Corpus.Cases.Keys));

    /// <summary>Written under x400/tmp and renamed into x400/in (the gateway sees whole files only); returns the file's audit record.</summary>
    private async Task<JsonElement> DropAsync(string name, byte[] bytes)
    {
        var scratch = Path.Combine(fixture.Gateway.DataDirectory, "x400", "tmp", name + ".part");
        await File.WriteAllBytesAsync(scratch, bytes);
        File.Move(scratch, Path.Combine(fixture.InDirectory, name + ".p1"));
        return await Poll.UntilAsync(
            () => fixture.Gateway.AuditLines().Select(d => d.RootElement).LastOrDefault(e => e.GetProperty("source").GetString() == name + ".p1"),
            line => line.ValueKind == JsonValueKind.Object, Patience, _ => $"no audit line for {name}.p1\n{fixture.Gateway.Output}");
    }
}
