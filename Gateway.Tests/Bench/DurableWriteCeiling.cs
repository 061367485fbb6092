using System.Diagnostics;
using Gateway.X400.Transport;

namespace Gateway.Tests.Bench;

/// <summary>
/// What the disk can make durable, measured the plain way the issue describes it: <c>writers</c> threads each looping
/// create + <c>size</c> octets + fsync + rename + directory fsync, for <c>duration</c>. Files per second. And the same
/// write's latency when paced: what one durable X.400 file costs in waiting on this disk, whoever writes it.
/// </summary>
internal static class DurableWriteCeiling
{
    public static double Measure(string directory, int writers, int size, TimeSpan duration)
    {
        var written = 0;
        var clock = Stopwatch.StartNew();
        Run(directory, writers, size, () => clock.Elapsed < duration, _ => Interlocked.Increment(ref written));
        return written / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// <paramref name="count"/> durable writes by <paramref name="writers"/> threads at <paramref name="rate"/> per second
    /// in all, each timed from its create to the end of the directory's fsync; milliseconds, sorted.
    /// </summary>
    public static IReadOnlyList<double> Latencies(string directory, int writers, int size, int count, double rate)
    {
        var latencies = new List<double>(count);
        var next = -1;
        var clock = Stopwatch.StartNew();
        Run(directory, writers, size, () =>
        {
            var n = Interlocked.Increment(ref next);
            if (n >= count) return false;
            var due = TimeSpan.FromSeconds(n / rate);
            // Thread.Sleep's millisecond grain: a write starts up to a millisecond late, which its own time does not include.
            if (due > clock.Elapsed) Thread.Sleep((int)Math.Ceiling((due - clock.Elapsed).TotalMilliseconds));
            return true;
        }, elapsed =>
        {
            lock (latencies) latencies.Add(elapsed.TotalMilliseconds);
        });
        latencies.Sort();
        return latencies;
    }

    /// <summary>Each writer writes while <paramref name="proceed"/> says so and reports each write's time to <paramref name="written"/>.</summary>
    private static void Run(string directory, int writers, int size, Func<bool> proceed, Action<TimeSpan> written)
    {
        // Directories of their own, left for the run's end: deleting the files here would make the next minute's creates
        // pay for them (see RecentDeletions).
        var name = $"ceiling-{Guid.NewGuid():N}";
        var scratch = Directory.CreateDirectory(Path.Combine(directory, name + "-tmp")).FullName;
        var target = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            for (var i = 0; proceed(); i++)
            {
                var temporary = Path.Combine(scratch, $"{w}-{i}.tmp");
                var started = Stopwatch.GetTimestamp();
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    file.Write(content);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, Path.Combine(target, $"{w}-{i}.p1"));
                DurableFile.SyncDirectory(target);
                written(Stopwatch.GetElapsedTime(started));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
    }
}
