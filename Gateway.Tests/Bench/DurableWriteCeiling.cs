using System.Diagnostics;
using Gateway.X400.Transport;

namespace Gateway.Tests.Bench;

/// <summary>
/// What the disk can make durable, measured the plain way the issue describes it: <c>writers</c> threads each looping
/// create + <c>size</c> octets + fsync + rename + directory fsync, for <c>duration</c>. Files per second.
/// </summary>
internal static class DurableWriteCeiling
{
    public static double Measure(string directory, int writers, int size, TimeSpan duration)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(directory, "ceiling-tmp")).FullName;
        var target = Directory.CreateDirectory(Path.Combine(directory, "ceiling")).FullName;
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        var written = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var temporary = Path.Combine(scratch, $"{w}-{i}.tmp");
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    file.Write(content);
                    file.Flush(flushToDisk: true);
                }
                File.Move(temporary, Path.Combine(target, $"{w}-{i}.p1"));
                DurableFile.SyncDirectory(target);
                Interlocked.Increment(ref written);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var rate = written / clock.Elapsed.TotalSeconds;
        Directory.Delete(scratch, recursive: true);
        Directory.Delete(target, recursive: true);
        return rate;
    }
}
