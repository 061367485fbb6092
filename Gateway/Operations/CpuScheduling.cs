using System.Runtime.InteropServices;
using System.Text;
using Gateway.Configuration;

namespace Gateway.Operations;

/// <summary>
/// Runs the process under one Linux scheduling policy. Under SCHED_BATCH a thread that wakes does not take the core from
/// the thread running there; it runs when that thread blocks or its time slice ends. The gateway wakes its own threads
/// many times per message (socket completions, the disk threads' fsyncs, the console logger), and under SCHED_OTHER each
/// wake-up preempted a pool worker in the middle of a message: measured on the 2-core bench machine (10 KB signed-x400,
/// 20 sessions, the same gateway switched between the policies every 9 s, nine pairs), 13–19 → 8–10 preemptions and
/// 20 → 13 voluntary switches per message, more messages a second in every pair (median 12 %) and 7–18 % less CPU per
/// message in eight of the nine. The price is latency: a thread that wakes while the cores are busy waits for the next
/// tick that ends the running thread's slice (4 ms on a 250 Hz kernel); the p99 at half the peak rose by a few ms.
/// <para>
/// The policy has to be the process's before the runtime makes its threads. Setting it on each thread afterwards is not
/// enough: glibc remembers a thread's policy from when it learnt it and gives that, not the kernel's, to the threads the
/// thread makes later (measured: pool workers and the disk threads made after such a change ran under SCHED_OTHER again).
/// So a process that is not under the policy sets it on itself and executes itself again, with the same arguments and
/// environment and the same process id; every thread of the new image inherits it. Under systemd, a unit's
/// <c>CPUSchedulingPolicy=</c> of the same policy spares that restart.
/// </para>
/// </summary>
public static partial class CpuScheduling
{
    /// <summary>Set in the environment of the restarted image, so that a policy that does not hold cannot restart it twice.</summary>
    private const string RestartedVariable = "CMS_X400_GATEWAY_RESTARTED_FOR_POLICY";

    private const int SchedOther = 0;
    private const int SchedBatch = 3;
    private const int ResetOnFork = 0x40000000;

    /// <summary>
    /// Puts the process under <paramref name="configured"/> (a value of <see cref="CpuSchedulingPolicies"/>; anything else
    /// is left to the options validator), executing it again when it is not under it yet: when this returns, either the
    /// policy holds for every thread, or it was left as started, or the outcome says why it could not be set.
    /// </summary>
    public static CpuSchedulingOutcome Establish(string? configured)
    {
        var policy = PolicyNames.Canonical(configured, CpuSchedulingPolicies.All);
        if (policy is null) return new CpuSchedulingOutcome(configured ?? "", false, $"not one of {string.Join(", ", CpuSchedulingPolicies.All)}");
        if (policy == CpuSchedulingPolicies.Inherit) return new CpuSchedulingOutcome(policy, false, null);
        if (!OperatingSystem.IsLinux()) return new CpuSchedulingOutcome(policy, false, "scheduling policies are set on Linux only");
        var restarted = Environment.GetEnvironmentVariable(RestartedVariable) == policy;
        var wanted = policy == CpuSchedulingPolicies.Batch ? SchedBatch : SchedOther;
        var current = GetScheduler(0);
        if (current < 0) return new CpuSchedulingOutcome(policy, false, $"sched_getscheduler failed (errno {Marshal.GetLastPInvokeError()})");
        if ((current & ~ResetOnFork) == wanted) return new CpuSchedulingOutcome(policy, restarted, null);
        if (restarted) return new CpuSchedulingOutcome(policy, true, $"the process is under policy {Name(current & ~ResetOnFork)} after its restart");
        var priority = 0;
        if (SetScheduler(0, wanted, in priority) != 0)
        {
            return new CpuSchedulingOutcome(policy, false, $"sched_setscheduler failed (errno {Marshal.GetLastPInvokeError()})");
        }
        var error = Restart(policy);
        // Still here: the restart failed. The thread that tried is under the policy now, the others are not; put it back.
        _ = SetScheduler(0, current & ~ResetOnFork, in priority);
        return new CpuSchedulingOutcome(policy, false, error);
    }

    private static string Name(int policy) => policy switch
    {
        SchedOther => "SCHED_OTHER",
        SchedBatch => "SCHED_BATCH",
        _ => $"{policy} (a real-time or idle policy)",
    };

    /// <summary>execve of this process's own image, arguments and initial environment; returns only on failure, with why.</summary>
    private static string Restart(string policy)
    {
        List<byte[]> arguments, environment;
        try
        {
            arguments = NulTerminated(File.ReadAllBytes("/proc/self/cmdline"));
            var marker = Encoding.ASCII.GetBytes(RestartedVariable + "=");
            environment = [.. NulTerminated(File.ReadAllBytes("/proc/self/environ")).Where(v => !v.AsSpan().StartsWith(marker)),
                Encoding.ASCII.GetBytes(RestartedVariable + "=" + policy)];
        }
        catch (IOException e)
        {
            return $"cannot read the process's arguments to restart it: {e.Message}";
        }
        var allocated = new List<nint>();
        try
        {
            _ = Execute("/proc/self/exe", CArray(arguments, allocated), CArray(environment, allocated));
            return $"execve of /proc/self/exe failed (errno {Marshal.GetLastPInvokeError()})";
        }
        finally
        {
            allocated.ForEach(Marshal.FreeHGlobal);
        }
    }

    /// <summary>
    /// The strings of a /proc file, each ending in a NUL, as bytes: the arguments and environment go back as the kernel
    /// gave them, whatever their encoding, and an empty argument (<c>""</c> on the command line) is kept.
    /// </summary>
    private static List<byte[]> NulTerminated(byte[] content)
    {
        var strings = new List<byte[]>();
        for (var start = 0; start < content.Length;)
        {
            var end = Array.IndexOf(content, (byte)0, start);
            if (end < 0) end = content.Length;
            strings.Add(content[start..end]);
            start = end + 1;
        }
        return strings;
    }

    /// <summary>A C array of NUL-terminated strings ending in a null pointer, as execve takes them.</summary>
    private static nint[] CArray(List<byte[]> strings, List<nint> allocated)
    {
        var pointers = new nint[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            var native = Marshal.AllocHGlobal(strings[i].Length + 1);
            allocated.Add(native);
            Marshal.Copy(strings[i], 0, native, strings[i].Length);
            Marshal.WriteByte(native, strings[i].Length, 0);
            pointers[i] = native;
        }
        return pointers;
    }

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int GetScheduler(int pid);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int pid, int policy, in int priority);

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execute(string path, nint[] argv, nint[] envp);
}
