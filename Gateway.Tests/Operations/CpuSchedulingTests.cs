using System.Globalization;
using Gateway.Tests.Bench;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Operations;

/// <summary>
/// Gateway:CpuSchedulingPolicy, read back from the kernel: the policy of every thread of the running gateway
/// (<c>/proc/&lt;pid&gt;/task/*/stat</c>), after a message has made it start the threads it starts only for messages.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CpuSchedulingTests
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;

    public static TheoryData<string[], string?, int, bool> Cases => new()
    {
        { [], null, SchedBatch, true }, // the default: the gateway executes itself again under it
        { ["chrt", "--batch", "0"], null, SchedBatch, false }, // started under it (a unit's CPUSchedulingPolicy=batch): no restart
        { [], "other", SchedOther, false },
        { ["chrt", "--batch", "0"], "other", SchedOther, true }, // the setting wins over how it was started
        { ["chrt", "--batch", "0"], "inherit", SchedBatch, false },
        { [], "inherit", SchedOther, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_thread_of_the_gateway_runs_under_the_policy_set(string[] launcher, string? setting, int expected, bool restarts)
    {
        await using var sink = await SmtpSink.StartAsync();
        var settings = setting is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Gateway:CpuSchedulingPolicy"] = setting };
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Launcher = launcher, Settings = settings });
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("scheduled", "text"));

        var sent = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], message);

        Assert.True(sent.DataReplyCode == 250, sent.Transcript + gateway.Output);
        var threads = Policies(gateway.ProcessId);
        Assert.Contains(threads, t => t.Name == "disk"); // made for the X.400 file, long after the start
        Assert.All(threads, t => Assert.True(t.Policy == expected, $"thread {t.Name} has policy {t.Policy}, not {expected}"));
        var line = setting is "inherit" ? "CPU scheduling policy left as the gateway was started with"
            : $"CPU scheduling policy {setting ?? "batch"} for every thread{(restarts ? " (the process executed itself again to take it)" : "")}{Environment.NewLine}";
        Assert.Contains(line, gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gateway_executed_again_has_the_arguments_and_environment_it_was_started_with()
    {
        await using var sink = await SmtpSink.StartAsync();
        var unusual = "a b\tü \"'$x"; // spaces, a tab, UTF-8, quotes, a dollar: bytes the restart must pass through as they came

        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = sink.Port,
            Settings = new Dictionary<string, string> { ["Unused:Key"] = unusual, ["Unused:Empty"] = "" },
        });

        Assert.Contains("(the process executed itself again to take it)", gateway.Output, StringComparison.Ordinal);
        var pid = gateway.ProcessId.ToString(CultureInfo.InvariantCulture);
        var arguments = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0');
        Assert.Equal(["--Unused:Key=" + unusual, "--Unused:Empty=", ""], arguments[^3..]);
        Assert.EndsWith("Gateway.dll", arguments.Single(a => a.EndsWith(".dll", StringComparison.Ordinal)), StringComparison.Ordinal);
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');
        Assert.Contains("CMS_X400_GATEWAY_RESTARTED_FOR_POLICY=batch", environment);
        Assert.Contains("PATH=" + Environment.GetEnvironmentVariable("PATH"), environment);
    }

    /// <summary>Each thread's name (comm) and policy (field 41 of its stat line).</summary>
    private static List<(string Name, int Policy)> Policies(int pid) =>
    [
        .. Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task").Select(task =>
            (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'),
             int.Parse(ProcessStats.StatFields(File.ReadAllText(Path.Combine(task, "stat")))[41 - 3], CultureInfo.InvariantCulture))),
    ];
}
