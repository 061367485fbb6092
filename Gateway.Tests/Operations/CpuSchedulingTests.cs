using System.Globalization;
using Gateway.Tests.Bench;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Operations;

/// <summary>
/// The policy the gateway is started under (the systemd unit's CPUSchedulingPolicy=batch, here chrt) holds for every
/// thread, read back from the kernel (<c>/proc/&lt;pid&gt;/task/*/stat</c>) after a message has made the gateway start the
/// threads it starts only for messages, and the gateway says which it is.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CpuSchedulingTests
{
    private const int SchedOther = 0;
    private const int SchedBatch = 3;

    public static TheoryData<string[], int, string> Cases => new()
    {
        { ["chrt", "--batch", "0"], SchedBatch, "batch" }, // as the unit starts it
        { [], SchedOther, "other" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_thread_of_the_gateway_runs_under_the_policy_it_was_started_under(string[] launcher, int expected, string name)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Launcher = launcher });
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("scheduled", "text"));

        var sent = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], message);

        Assert.True(sent.DataReplyCode == 250, sent.Transcript + gateway.Output);
        var threads = Policies(gateway.ProcessId);
        Assert.Contains(threads, t => t.Name == "disk"); // made for the X.400 file, long after the start
        Assert.All(threads, t => Assert.True(t.Policy == expected, $"thread {t.Name} has policy {t.Policy}, not {expected}"));
        Assert.Contains($"CPU scheduling policy {name}, as the gateway was started{Environment.NewLine}", gateway.Output, StringComparison.Ordinal);
    }

    /// <summary>Each thread's name (comm) and policy (field 41 of its stat line).</summary>
    private static List<(string Name, int Policy)> Policies(int pid) =>
    [
        .. Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task").Select(task =>
            (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n'),
             int.Parse(ProcessStats.StatFields(File.ReadAllText(Path.Combine(task, "stat")))[41 - 3], CultureInfo.InvariantCulture))),
    ];
}
