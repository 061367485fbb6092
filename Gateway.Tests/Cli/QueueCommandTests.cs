using Gateway.Cli;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.X400;
using Gateway.X400;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Cli;

/// <summary>`Gateway queue …` over a data directory holding a waiting, a claimed, a failed and an undecodable file.</summary>
public sealed class QueueCommandTests : IDisposable
{
    private readonly string _data = TempDirectory.Create("queue-cli-");

    public QueueCommandTests()
    {
        foreach (var d in new[] { "in", "failed", "work/host-4242", "tmp", "out" }) Directory.CreateDirectory(Path.Combine(X400, d));
        File.WriteAllBytes(Path.Combine(X400, "in", "waiting.p1"), MtsApduCodec.Encode(P1Samples.Message()));
        File.WriteAllBytes(Path.Combine(X400, "in", "garbage.p1"), [0x30, 0x03, 0x01]);
        File.WriteAllBytes(Path.Combine(X400, "work", "host-4242", "claimed.p1"), MtsApduCodec.Encode(P1Samples.Message()));
        File.WriteAllBytes(Path.Combine(X400, "failed", "bounced.p1"), MtsApduCodec.Encode(P1Samples.Report()));
        File.WriteAllText(Path.Combine(X400, "failed", "bounced.why"), "the SMTP next hop refused the message: 550 no\nsecond line\n");
    }

    private string X400 => Path.Combine(_data, "x400");

    public void Dispose() => TempDirectory.Delete(_data);

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine([$"--Gateway:DataDirectory={_data}"]).Build();
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(["queue", .. args], configuration, output, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task List_shows_every_state_with_what_each_file_is()
    {
        var (code, text) = await RunAsync("list");

        Assert.Equal(0, code);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^waiting   garbage\.p1  3 octets  age \d+m  undecodable: ", lines[0]);
        Assert.Matches(@"^waiting   waiting\.p1  \d+ octets  age \d+m  message \[/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw\.example\] from .+ to 2 recipient\(s\)$", lines[1]);
        Assert.StartsWith("claimed by host-4242 claimed.p1  ", lines[2], StringComparison.Ordinal);
        Assert.Matches(@"^failed    bounced\.p1  \d+ octets  age \d+m  report \[/ADMD=ATT/C=US/;rpt-0001\] about ", lines[3]);
        Assert.Equal("          why: the SMTP next hop refused the message: 550 no", lines[4]);
        Assert.Equal("2 waiting, 1 claimed, 1 failed", lines[5]);
    }

    [Fact]
    public async Task Show_gives_the_place_the_reason_and_the_envelope()
    {
        var (code, text) = await RunAsync("show", "bounced");

        Assert.Equal(0, code);
        Assert.StartsWith($"state: failed\npath: {Path.Combine(X400, "failed", "bounced.p1")}\nwhy: the SMTP next hop refused the message: 550 no\nsecond line\n{{",
            text, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"report\"", text, StringComparison.Ordinal);
        Assert.Equal((1, $"queue: no inbound file nothing.p1 in {X400}\n"), await RunAsync("show", "nothing.p1"));
    }

    [Fact]
    public async Task Retry_puts_a_failed_file_back_into_in_and_leaves_claimed_ones_alone()
    {
        Assert.Equal((0, "bounced.p1: failed/ -> in/\n"), await RunAsync("retry", "bounced.p1"));
        Assert.True(File.Exists(Path.Combine(X400, "in", "bounced.p1")));
        Assert.False(File.Exists(Path.Combine(X400, "failed", "bounced.why")));
        Assert.Equal((0, "waiting.p1 is already waiting in in/\n"), await RunAsync("retry", "waiting"));
        Assert.Equal((1, "queue: claimed.p1 is claimed by host-4242: a running gateway is delivering it\n"), await RunAsync("retry", "claimed"));
    }

    [Fact]
    public async Task Retry_all_failed_moves_each_and_remove_deletes_with_the_reason()
    {
        File.WriteAllBytes(Path.Combine(X400, "failed", "second.p1"), [1]);

        Assert.Equal((0, "bounced.p1: failed/ -> in/\nsecond.p1: failed/ -> in/\n"), await RunAsync("retry", "--all-failed"));
        Assert.Equal((0, "removed second.p1 (waiting)\n"), await RunAsync("remove", "second.p1"));
        Assert.False(File.Exists(Path.Combine(X400, "in", "second.p1")));
        Assert.Equal((1, "queue: claimed.p1 is claimed by host-4242: a running gateway is delivering it\n"), await RunAsync("remove", "claimed.p1"));
        Assert.True(File.Exists(Path.Combine(X400, "work", "host-4242", "claimed.p1")));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..")]
    [InlineData("in/waiting.p1")]
    [InlineData(@"a\b")]
    [InlineData("nul\0.p1")]
    public async Task A_name_that_would_leave_the_directories_is_refused(string name)
    {
        var (code, text) = await RunAsync("remove", name);

        Assert.Equal(64, code);
        Assert.EndsWith("is not a file name (no /, \\, .. or NUL)\n", text, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(X400, "in")).Length);
    }

    [Fact]
    public async Task Usage_is_64()
    {
        Assert.Equal(64, (await RunAsync("frobnicate")).Code);
        Assert.Equal(64, (await RunAsync("show")).Code);
    }
}
