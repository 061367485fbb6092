using System.Globalization;
using Gateway.X400;

namespace Gateway.Cli;

/// <summary>
/// <c>queue list | show NAME | retry NAME|--all-failed | remove NAME</c>: the inbound X.400 files as an operator sees
/// them — waiting in <c>in/</c>, claimed by a running instance in <c>work/&lt;instance&gt;/</c>, or put aside in
/// <c>failed/</c> with their <c>.why</c>. Files move only by rename, as the gateway moves them; a claimed file belongs to
/// the instance delivering it and is not touched. Exit codes: 0 done, 1 no such file or refused, 64 usage or a name
/// that would leave the directories.
/// </summary>
public static class QueueCommand
{
    public const string Usage = """
          queue list                     inbound X.400 files: waiting (in/), claimed (work/), failed (failed/ with the reason)
          queue show NAME                one file: where it is, why it failed, and its P1 envelope as JSON
          queue retry NAME | --all-failed
                                         a failed file back into in/, for the gateway to take again
          queue remove NAME              delete a waiting or failed file
        """;

    private const string Extension = ".p1";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, string x400Root, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var queue = new Queue(x400Root);
        switch (arguments.ToArray())
        {
            case ["list"]:
                return await ListAsync(queue, output, time, cancellationToken);
            case ["retry", "--all-failed"]:
                foreach (var failed in queue.Entries().Where(e => e.State == "failed").ToList()) await RetryAsync(queue, failed, output);
                return 0;
            case [var verb and ("show" or "retry" or "remove"), var name]:
                if (!IsPlainName(name))
                {
                    await output.WriteLineAsync($"queue: '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a file name (no /, \\, .. or NUL)");
                    return 64;
                }
                if (queue.Find(name) is not { } entry)
                {
                    await output.WriteLineAsync($"queue: no inbound file {Normalise(name)} in {x400Root}");
                    return 1;
                }
                return verb switch
                {
                    "show" => await ShowAsync(entry, output, cancellationToken),
                    "retry" => await RetryAsync(queue, entry, output),
                    _ => await RemoveAsync(entry, output),
                };
            default:
                await output.WriteLineAsync("usage: Gateway queue …\n" + Usage);
                return 64;
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static string Normalise(string name) => name.EndsWith(Extension, StringComparison.Ordinal) ? name : name + Extension;

    private static async Task<int> ListAsync(Queue queue, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var entries = queue.Entries().ToList();
        foreach (var entry in entries)
        {
            var file = new FileInfo(entry.Path);
            var summary = await SummaryAsync(entry.Path, cancellationToken);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{entry.State,-9} {entry.Name}  {file.Length} octets  age {Age(time.GetUtcNow() - file.LastWriteTimeUtc)}  {summary}");
            await output.WriteLineAsync(line);
            if (entry.Why is { } why && File.Exists(why)) await output.WriteLineAsync($"          why: {File.ReadLines(why).FirstOrDefault() ?? ""}");
        }
        int Count(Func<QueueEntry, bool> which) => entries.Count(which);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{Count(e => e.State == "waiting")} waiting, {Count(e => e.State.StartsWith("claimed", StringComparison.Ordinal))} claimed, {Count(e => e.State == "failed")} failed"));
        return 0;
    }

    private static async Task<int> ShowAsync(QueueEntry entry, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync($"state: {entry.State}");
        await output.WriteLineAsync($"path: {entry.Path}");
        if (entry.Why is { } why && File.Exists(why)) await output.WriteLineAsync($"why: {(await File.ReadAllTextAsync(why, cancellationToken)).TrimEnd()}");
        await X400DumpCommand.RunAsync(entry.Path, output, cancellationToken);
        return 0;
    }

    private static async Task<int> RetryAsync(Queue queue, QueueEntry entry, TextWriter output)
    {
        switch (entry.State)
        {
            case "waiting":
                await output.WriteLineAsync($"{entry.Name} is already waiting in in/");
                return 0;
            case "failed":
                var target = Path.Combine(queue.In, entry.Name);
                try
                {
                    File.Move(entry.Path, target, overwrite: false);
                }
                catch (IOException e)
                {
                    await output.WriteLineAsync($"queue: {entry.Name} cannot go back to in/: {e.Message}");
                    return 1;
                }
                if (entry.Why is { } why) File.Delete(why);
                await output.WriteLineAsync($"{entry.Name}: failed/ -> in/");
                return 0;
            default:
                await output.WriteLineAsync($"queue: {entry.Name} is {entry.State}: a running gateway is delivering it");
                return 1;
        }
    }

    private static async Task<int> RemoveAsync(QueueEntry entry, TextWriter output)
    {
        if (entry.State is not ("waiting" or "failed"))
        {
            await output.WriteLineAsync($"queue: {entry.Name} is {entry.State}: a running gateway is delivering it");
            return 1;
        }
        File.Delete(entry.Path);
        if (entry.Why is { } why) File.Delete(why);
        await output.WriteLineAsync($"removed {entry.Name} ({entry.State})");
        return 0;
    }

    private static async Task<string> SummaryAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(path, cancellationToken)) switch
            {
                P1Message m => string.Create(CultureInfo.InvariantCulture,
                    $"message {m.Envelope.MessageIdentifier} from {m.Envelope.Originator.Address} to {m.Envelope.Recipients.Count} recipient(s)"),
                P1Report r => $"report {r.Envelope.ReportIdentifier} about {r.Content.SubjectIdentifier} for {r.Envelope.ReportDestinationName.Address}",
                var other => other.GetType().Name,
            };
        }
        catch (X400DecodeException e)
        {
            return $"undecodable: {e.Message}";
        }
    }

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d{age.Hours:00}h")
        : age.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h{age.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalMinutes)}m");

    /// <summary>One inbound file: its state (waiting, claimed by …, failed), where it is, and its .why when failed.</summary>
    private sealed record QueueEntry(string State, string Name, string Path, string? Why);

    private sealed class Queue(string root)
    {
        public string In => System.IO.Path.Combine(root, "in");

        private string Failed => System.IO.Path.Combine(root, "failed");

        private string Work => System.IO.Path.Combine(root, "work");

        public IEnumerable<QueueEntry> Entries()
        {
            foreach (var file in Files(In)) yield return new QueueEntry("waiting", System.IO.Path.GetFileName(file), file, null);
            if (Directory.Exists(Work))
            {
                foreach (var instance in Directory.EnumerateDirectories(Work).Order(StringComparer.Ordinal))
                {
                    foreach (var file in Files(instance))
                    {
                        yield return new QueueEntry($"claimed by {System.IO.Path.GetFileName(instance)}", System.IO.Path.GetFileName(file), file, null);
                    }
                }
            }
            foreach (var file in Files(Failed))
            {
                yield return new QueueEntry("failed", System.IO.Path.GetFileName(file), file, System.IO.Path.ChangeExtension(file, ".why"));
            }
        }

        public QueueEntry? Find(string name) => Entries().FirstOrDefault(e => e.Name == Normalise(name));

        private static IEnumerable<string> Files(string directory) =>
            Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal) : [];
    }
}
