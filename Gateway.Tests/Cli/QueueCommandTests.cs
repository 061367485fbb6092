using Gateway.Cli;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.X400;
using Gateway.X400;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Cli;

/// <summary>
/// `Gateway queue …` over a data directory holding a waiting message, an undecodable waiting file, a message claimed by
/// another instance and a failed report with its .why. File times and the clock are fixed, so every line is exact.
/// </summary>
public sealed class QueueCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly string _data = TempDirectory.Create("queue-cli-");
    private readonly int _messageOctets = MtsApduCodec.Encode(P1Samples.Message()).Length;
    private readonly int _reportOctets = MtsApduCodec.Encode(P1Samples.Report()).Length;

    public QueueCommandTests()
    {
        foreach (var d in new[] { "in", "failed", "work/host-4242", "tmp", "out" }) Directory.CreateDirectory(Path.Combine(X400, d));
        Put("in/waiting.p1", MtsApduCodec.Encode(P1Samples.Message()), TimeSpan.FromMinutes(5));
        Put("in/garbage.p1", [0x30, 0x03, 0x01], new TimeSpan(3, 7, 0));
        Put("work/host-4242/claimed.p1", MtsApduCodec.Encode(P1Samples.Message()), TimeSpan.FromSeconds(45));
        Put("failed/bounced.p1", MtsApduCodec.Encode(P1Samples.Report()), new TimeSpan(2, 4, 0, 0));
        File.WriteAllText(Path.Combine(X400, "failed", "bounced.why"), "the SMTP next hop refused the message: 550 no\nsecond line\n");
    }

    private string X400 => Path.Combine(_data, "x400");

    public void Dispose() => TempDirectory.Delete(_data);

    private void Put(string relative, byte[] content, TimeSpan age)
    {
        var path = Path.Combine(X400, relative);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, (Now - age).UtcDateTime);
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine([$"--Gateway:DataDirectory={_data}", .. args.Where(a => a.StartsWith("--Gateway:", StringComparison.Ordinal))])
            .Build();
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync([.. args.Where(a => !a.StartsWith("--Gateway:", StringComparison.Ordinal))], configuration, output,
            CancellationToken.None, new FakeTimeProvider(Now));
        return (code, output.ToString());
    }

    private string[] Files() =>
        [.. Directory.EnumerateFiles(X400, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(X400, f)).Order(StringComparer.Ordinal)];

    private string WaitingLine =>
        $"waiting   waiting.p1  {_messageOctets} octets  age 5m  message [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example] from /DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/ to 2 recipient(s)";

    [Fact]
    public async Task List_shows_every_state_with_what_each_file_is()
    {
        Assert.Equal((0, string.Join('\n',
            "waiting   garbage.p1  3 octets  age 3h07m  undecodable: MTS-APDU: expected [0] message or [1] report at offset 0, found [UNIVERSAL 16]",
            WaitingLine,
            $"claimed by host-4242 claimed.p1  {_messageOctets} octets  age 0m  message [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example] from /DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/ to 2 recipient(s)",
            $"failed    bounced.p1  {_reportOctets} octets  age 2d04h  report [/ADMD=ATT/C=US/;rpt-0001] about [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example] to /DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/ on 3 recipient(s)",
            "          why: the SMTP next hop refused the message: 550 no",
            "2 waiting, 1 claimed, 1 failed",
            "")), await RunAsync("queue", "list"));
    }

    [Fact]
    public async Task List_never_loads_a_file_larger_than_the_gateway_accepts_and_says_when_a_reason_is_missing()
    {
        File.Delete(Path.Combine(X400, "failed", "bounced.why"));

        var (code, text) = await RunAsync("queue", "list", "--Gateway:Smtp:MaxMessageSize=100");

        Assert.Equal(0, code);
        var lines = text.Split('\n');
        Assert.Equal(
            $"waiting   waiting.p1  {_messageOctets} octets  age 5m  not decoded: {_messageOctets} octets, more than the 100 the gateway accepts (Gateway:Smtp:MaxMessageSize)",
            lines[1]);
        Assert.Equal("          why: (no .why file)", lines[4]);
    }

    [Fact]
    public async Task List_of_an_empty_or_missing_drop_counts_nothing_and_creates_nothing()
    {
        Directory.Delete(X400, recursive: true);

        Assert.Equal((0, "0 waiting, 0 claimed, 0 failed\n"), await RunAsync("queue", "list"));
        Assert.False(Directory.Exists(X400));
    }

    [Fact]
    public async Task Show_gives_the_state_the_path_the_whole_reason_and_the_same_dump_as_x400_dump()
    {
        var path = Path.Combine(X400, "failed", "bounced.p1");
        var (_, dump) = await RunAsync("x400", "dump", path);

        var (code, text) = await RunAsync("queue", "show", "bounced");

        Assert.Equal(0, code);
        Assert.Equal($"state: failed\npath: {path}\nwhy: the SMTP next hop refused the message: 550 no\nsecond line\n" + dump, text);
        Assert.Contains("\"kind\": \"report\"", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_finds_waiting_and_claimed_files_with_or_without_the_extension()
    {
        var (code, text) = await RunAsync("queue", "show", "claimed.p1");
        Assert.Equal(0, code);
        Assert.StartsWith($"state: claimed by host-4242\npath: {Path.Combine(X400, "work", "host-4242", "claimed.p1")}\n{{\n  \"kind\": \"message\",", text, StringComparison.Ordinal);

        (code, text) = await RunAsync("queue", "show", "waiting");
        Assert.Equal(0, code);
        Assert.StartsWith($"state: waiting\npath: {Path.Combine(X400, "in", "waiting.p1")}\n{{\n  \"kind\": \"message\",", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_an_undecodable_file_is_65_with_the_reason_as_json_and_of_no_file_is_1()
    {
        var (code, text) = await RunAsync("queue", "show", "garbage");

        Assert.Equal(65, code);
        Assert.Equal($"state: waiting\npath: {Path.Combine(X400, "in", "garbage.p1")}\n{{\n  \"error\": \"cannot decode the MTS-APDU: MTS-APDU: expected [0] message or [1] report at offset 0, " +
            "found [UNIVERSAL 16]\"\n}\n", text);
        Assert.Equal((1, $"queue: no inbound file nothing.p1 in {X400}\n"), await RunAsync("queue", "show", "nothing.p1"));
    }

    [Fact]
    public async Task Retry_puts_a_failed_file_back_into_in_and_removes_its_reason()
    {
        Assert.Equal((0, "bounced.p1: failed/ -> in/ (bounced.why removed)\n"), await RunAsync("queue", "retry", "bounced.p1"));

        Assert.Equal(["in/bounced.p1", "in/garbage.p1", "in/waiting.p1", "work/host-4242/claimed.p1"], Files());
        Assert.Equal(MtsApduCodec.Encode(P1Samples.Report()), await File.ReadAllBytesAsync(Path.Combine(X400, "in", "bounced.p1")));
        Assert.EndsWith("\n3 waiting, 1 claimed, 0 failed\n", (await RunAsync("queue", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_leaves_waiting_and_claimed_files_where_they_are()
    {
        Assert.Equal((0, "waiting.p1 is already waiting in in/: nothing to do\n"), await RunAsync("queue", "retry", "waiting"));
        Assert.Equal((1, "queue: claimed.p1 is claimed by host-4242, which owns it until it is delivered or put aside; not moved\n"),
            await RunAsync("queue", "retry", "claimed"));
        Assert.Equal((1, $"queue: no inbound file nothing.p1 in {X400}\n"), await RunAsync("queue", "retry", "nothing"));
        Assert.Equal(["failed/bounced.p1", "failed/bounced.why", "in/garbage.p1", "in/waiting.p1", "work/host-4242/claimed.p1"], Files());
    }

    [Fact]
    public async Task Retry_does_not_replace_a_file_of_the_same_name_already_waiting()
    {
        Put("in/bounced.p1", [1, 2, 3], TimeSpan.Zero);
        Put("failed/second.p1", [1], TimeSpan.Zero);

        Assert.Equal((1, "queue: bounced.p1 not moved: in/ already holds a file of that name\nsecond.p1: failed/ -> in/\n"),
            await RunAsync("queue", "retry", "--all-failed"));

        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(X400, "in", "bounced.p1")));
        Assert.Equal(["failed/bounced.p1", "failed/bounced.why", "in/bounced.p1", "in/garbage.p1", "in/second.p1", "in/waiting.p1", "work/host-4242/claimed.p1"],
            Files());
        Assert.Equal("the SMTP next hop refused the message: 550 no\nsecond line\n", await File.ReadAllTextAsync(Path.Combine(X400, "failed", "bounced.why")));
    }

    [Fact]
    public async Task Retry_all_failed_moves_each_failed_file_and_says_when_there_is_none()
    {
        Put("failed/second.p1", [1], TimeSpan.Zero);

        Assert.Equal((0, "bounced.p1: failed/ -> in/ (bounced.why removed)\nsecond.p1: failed/ -> in/\n"), await RunAsync("queue", "retry", "--all-failed"));
        Assert.Equal(["in/bounced.p1", "in/garbage.p1", "in/second.p1", "in/waiting.p1", "work/host-4242/claimed.p1"], Files());
        Assert.Equal((0, "no failed files\n"), await RunAsync("queue", "retry", "--all-failed"));
    }

    [Fact]
    public async Task Remove_deletes_waiting_and_failed_files_with_their_reason_and_refuses_claimed_ones()
    {
        Assert.Equal((0, "removed waiting.p1 (waiting)\n"), await RunAsync("queue", "remove", "waiting.p1"));
        Assert.Equal((0, "removed bounced.p1 (failed) and bounced.why\n"), await RunAsync("queue", "remove", "bounced"));
        Assert.Equal((1, "queue: claimed.p1 is claimed by host-4242, which owns it until it is delivered or put aside; not removed\n"),
            await RunAsync("queue", "remove", "claimed.p1"));
        Assert.Equal((1, $"queue: no inbound file waiting.p1 in {X400}\n"), await RunAsync("queue", "remove", "waiting"));
        Assert.Equal(["in/garbage.p1", "work/host-4242/claimed.p1"], Files());
    }

    public static TheoryData<string, string, string> EscapingNames()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var verb in new[] { "show", "retry", "remove" })
        {
            data.Add(verb, "../outside.p1", "'../outside.p1'");
            data.Add(verb, "../../outside", "'../../outside'");
            data.Add(verb, "..", "'..'");
            data.Add(verb, "in/waiting.p1", "'in/waiting.p1'");
            data.Add(verb, "/etc/passwd", "'/etc/passwd'");
            data.Add(verb, @"..\outside.p1", @"'..\outside.p1'");
            data.Add(verb, @"in\waiting.p1", @"'in\waiting.p1'");
            data.Add(verb, "waiting.p1\0", @"'waiting.p1\0'");
            data.Add(verb, "", "''");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task A_name_that_would_leave_the_directories_is_refused_and_nothing_is_touched(string verb, string name, string shown)
    {
        var outside = Path.Combine(_data, "outside.p1");
        await File.WriteAllBytesAsync(outside, MtsApduCodec.Encode(P1Samples.Message()));
        var before = Files();

        Assert.Equal((64, $"queue: {shown} is not a file name (no /, \\, .. or NUL)\n"), await RunAsync("queue", verb, name));

        Assert.True(File.Exists(outside));
        Assert.Equal(before, Files());
    }

    [Fact]
    public async Task Wrong_arguments_are_64_with_the_usage_and_help_lists_the_queue_verbs()
    {
        foreach (var args in new[] { new[] { "queue", "frobnicate" }, ["queue", "show"], ["queue", "retry", "a", "b"], ["queue", "list", "extra"] })
        {
            Assert.Equal((64, "usage: Gateway queue …\n" + QueueCommand.Usage + "\n"), await RunAsync(args));
        }
        var (code, help) = await RunAsync("help");
        Assert.Equal(0, code);
        Assert.EndsWith(QueueCommand.Usage + "\n", help, StringComparison.Ordinal);
        Assert.Contains("\n  queue remove NAME              delete a waiting or failed file\n", help, StringComparison.Ordinal);
    }
}
