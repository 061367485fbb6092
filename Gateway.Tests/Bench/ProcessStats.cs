using System.Globalization;

namespace Gateway.Tests.Bench;

/// <summary>
/// What /proc says about a process (CPU time, resident set now and at its peak, which can be reset) and about the machine
/// (the CPU time its host took from it).
/// </summary>
internal static class ProcessStats
{
    /// <summary>utime + stime of the process and its threads, in seconds (/proc/PID/stat fields 14 and 15).</summary>
    public static double CpuSeconds(int pid)
    {
        var fields = StatFields(File.ReadAllText($"/proc/{pid}/stat"));
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// Steal: the time, summed over every CPU, that the hypervisor ran something else while this machine's CPUs had work
    /// (/proc/stat, the eighth value of the "cpu" line), in seconds. It shows in no process's CPU time, yet every process
    /// waits it out.
    /// </summary>
    public static double StolenSeconds() =>
        long.Parse(File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[8], CultureInfo.InvariantCulture) / 100.0;

    /// <summary>
    /// The fields of a process's or thread's stat line after its name, which is in parentheses and may hold spaces and
    /// parentheses itself: [0] is field 3 (the state), so field n is [n - 3].
    /// </summary>
    public static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    /// <summary>VmHWM: the peak resident set since start or since <see cref="ResetPeak"/>, in KiB.</summary>
    public static long PeakRssKb(int pid) => Status(pid, "VmHWM:");

    /// <summary>VmRSS: the resident set now, in KiB.</summary>
    public static long RssKb(int pid) => Status(pid, "VmRSS:");

    /// <summary>Starts VmHWM afresh from the current resident set (proc(5), clear_refs value 5).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Status(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);
}
