using System.Globalization;
using System.Runtime.InteropServices;

namespace Gateway.Operations;

/// <summary>
/// The Linux scheduling policy the gateway runs under, which it takes from whoever starts it (the systemd unit's
/// <c>CPUSchedulingPolicy=batch</c>, or <c>chrt --batch 0</c>) and does not change itself.
/// <para>
/// Under SCHED_BATCH a thread that wakes does not take the core from the thread running there; it runs when that thread
/// blocks or its time slice ends. The gateway wakes its own threads many times per message (socket completions, the disk
/// threads' fsyncs, the console logger), and under SCHED_OTHER each wake-up preempted a pool worker in the middle of a
/// message: measured on the 2-core bench machine (10 KB signed-x400, 20 sessions, the same gateway switched between the
/// policies every 9 s, nine pairs), 13–19 → 8–10 preemptions and 20 → 13 voluntary switches per message, more messages a
/// second in every pair (median 12 %) and 7–18 % less CPU per message in eight of the nine. The price is latency: a
/// thread that wakes while the cores are busy waits for the next tick that ends the running thread's slice (4 ms on a
/// 250 Hz kernel).
/// </para>
/// <para>
/// Why the gateway does not set it itself: the policy must be the process's before the runtime makes its threads, because
/// glibc hands a new thread the policy it remembers for the creating thread, not the kernel's (measured: pool workers
/// and disk threads made after a per-thread change ran under SCHED_OTHER again). The only way from inside is for the
/// process to execute itself again under the policy, and that was tried and dropped: the restarted runtime could not
/// open its diagnostics port, whose socket file the first image had left (dotnet-counters and dotnet-trace could no
/// longer attach, and every start left a file in /tmp), and ps named the process <c>exe</c>. A supervisor sets the
/// policy before the first instruction, for free.
/// </para>
/// </summary>
public static partial class CpuScheduling
{
    private const int ResetOnFork = 0x40000000;

    /// <summary>The calling thread's policy by its systemd name (<c>other</c>, <c>batch</c>, …), or null when it cannot be read.</summary>
    public static string? Current()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var policy = GetScheduler(0);
        return policy < 0 ? null : Name(policy & ~ResetOnFork);
    }

    private static string Name(int policy) => policy switch
    {
        0 => "other",
        1 => "fifo",
        2 => "rr",
        3 => "batch",
        5 => "idle",
        6 => "deadline",
        _ => policy.ToString(CultureInfo.InvariantCulture),
    };

    [LibraryImport("libc", EntryPoint = "sched_getscheduler")]
    private static partial int GetScheduler(int pid);
}
