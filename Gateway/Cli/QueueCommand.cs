using System.Globalization;
using Gateway.X400;
using Gateway.X400.Transport;

namespace Gateway.Cli;

/// <summary>
/// <c>queue list | show NAME | retry NAME|--all-failed | remove NAME</c>: the inbound X.400 files as an operator sees
/// them — waiting in <c>in/</c>, claimed by a running instance in <c>work/&lt;instance&gt;/</c>, or put aside in
/// <c>failed/</c> with their <c>.why</c>. Files move only by rename, as the gateway moves them; a claimed file belongs to
/// the instance delivering it and is not touched. Exit codes: 0 done, 1 no such file or refused, 64 usage or a name
/// that would leave the directories, 65 <c>show</c> of a file that is no MTS-APDU.
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

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, FileDropDirectories drop, long maxFileSize, TextWriter output, TimeProvider time,
        CancellationToken cancellationToken)
    {
        switch (arguments.ToArray())
        {
            case ["list"]:
                return await ListAsync(drop, maxFileSize, output, time, cancellationToken);
            case ["retry", "--all-failed"]:
                return await RetryAllFailedAsync(drop, output, cancellationToken);
            case [var verb and ("show" or "retry" or "remove"), var name]:
                if (!IsPlainName(name))
                {
                    await WriteAsync(output, $"queue: '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a file name (no /, \\, .. or NUL)", cancellationToken);
                    return 64;
                }
                var wanted = name.EndsWith(FileDropDirectories.Extension, StringComparison.Ordinal) ? name : name + FileDropDirectories.Extension;
                if (drop.InboundFiles().FirstOrDefault(f => f.Name == wanted) is not { } file)
                {
                    await WriteAsync(output, $"queue: no inbound file {wanted} in {drop.Root}", cancellationToken);
                    return 1;
                }
                return verb switch
                {
                    "show" => await ShowAsync(file, maxFileSize, output, cancellationToken),
                    "retry" => await RetryAsync(drop, file, output, cancellationToken),
                    _ => await RemoveAsync(file, output, cancellationToken),
                };
            default:
                await WriteAsync(output, "usage: Gateway queue …\n" + Usage, cancellationToken);
                return 64;
        }
    }

    // The lookup only ever matches names listed in the drop, but an operator's typo or a script's injected name must
    // not even be looked for outside it.
    private static bool IsPlainName(string name) =>
        name.Length > 0 && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains("..", StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static async Task<int> ListAsync(FileDropDirectories drop, long maxFileSize, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<InboundFileState, int>();
        foreach (var file in drop.InboundFiles())
        {
            // The running gateway keeps moving files; one that went between listing and reading shows up where it went
            // in the next list. Exists takes size and time in one look, so they stay readable after it went.
            var info = new FileInfo(file.Path);
            if (!info.Exists || await SummaryAsync(file.Path, info.Length, maxFileSize, cancellationToken) is not { } summary) continue;
            counts[file.State] = counts.GetValueOrDefault(file.State) + 1;
            await WriteAsync(output, string.Create(CultureInfo.InvariantCulture,
                $"{file.StateText,-9} {file.Name}  {info.Length} octets  age {Age(time.GetUtcNow() - info.LastWriteTimeUtc)}  {summary}"), cancellationToken);
            if (file.Why is { } why) await WriteAsync(output, $"          why: {FirstLine(why)}", cancellationToken);
        }
        await WriteAsync(output, string.Create(CultureInfo.InvariantCulture,
            $"{counts.GetValueOrDefault(InboundFileState.Waiting)} waiting, {counts.GetValueOrDefault(InboundFileState.Claimed)} claimed, {counts.GetValueOrDefault(InboundFileState.Failed)} failed"),
            cancellationToken);
        return 0;
    }

    private static string FirstLine(string why) => File.Exists(why) ? File.ReadLines(why).FirstOrDefault() ?? "" : "(no .why file)";

    private static async Task<int> ShowAsync(InboundFile file, long maxFileSize, TextWriter output, CancellationToken cancellationToken)
    {
        await WriteAsync(output, $"state: {file.StateText}", cancellationToken);
        await WriteAsync(output, $"path: {file.Path}", cancellationToken);
        if (file.Why is { } why)
        {
            var reason = File.Exists(why) ? (await File.ReadAllTextAsync(why, cancellationToken)).TrimEnd() : "(no .why file)";
            await WriteAsync(output, $"why: {reason}", cancellationToken);
        }
        byte[] bytes;
        try
        {
            if (TooLarge(new FileInfo(file.Path).Length, maxFileSize) is { } tooLarge)
            {
                await WriteAsync(output, $"not decoded: {tooLarge}", cancellationToken);
                return 65;
            }
            bytes = await File.ReadAllBytesAsync(file.Path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            await WriteAsync(output, $"queue: {file.Name} moved while being read (a running gateway took it); show it again", cancellationToken);
            return 1;
        }
        return await X400DumpCommand.WriteJsonAsync(bytes, output, cancellationToken);
    }

    private static async Task<int> RetryAllFailedAsync(FileDropDirectories drop, TextWriter output, CancellationToken cancellationToken)
    {
        var failed = drop.InboundFiles().Where(f => f.State == InboundFileState.Failed).ToList();
        if (failed.Count == 0) await WriteAsync(output, "no failed files", cancellationToken);
        var code = 0;
        foreach (var file in failed) code = Math.Max(code, await RetryAsync(drop, file, output, cancellationToken));
        return code;
    }

    private static async Task<int> RetryAsync(FileDropDirectories drop, InboundFile file, TextWriter output, CancellationToken cancellationToken)
    {
        switch (file.State)
        {
            case InboundFileState.Waiting:
                await WriteAsync(output, $"{file.Name} is already waiting in in/: nothing to do", cancellationToken);
                return 0;
            case InboundFileState.Claimed:
                await RefuseClaimedAsync(file, "moved", output, cancellationToken);
                return 1;
        }
        // The old reason goes aside before the file goes back: once in in/, the gateway may fail it again at once, and
        // the new .why it writes must not be the one deleted.
        var why = file.Why is { } w && File.Exists(w) ? w : null;
        var whyAside = why is null ? null : Aside(why);
        if (why is not null) File.Move(why, whyAside!, overwrite: true);
        try
        {
            DurableFile.Move(file.Path, Path.Combine(drop.In, file.Name), overwrite: false);
        }
        catch (IOException e)
        {
            if (why is not null) File.Move(whyAside!, why, overwrite: true);
            var reason = e is FileNotFoundException ? "it is no longer in failed/"
                : File.Exists(Path.Combine(drop.In, file.Name)) ? "in/ already holds a file of that name" : e.Message;
            await WriteAsync(output, $"queue: {file.Name} not moved: {reason}", cancellationToken);
            return 1;
        }
        if (whyAside is not null) File.Delete(whyAside);
        await WriteAsync(output, why is null ? $"{file.Name}: failed/ -> in/" : $"{file.Name}: failed/ -> in/ ({Path.GetFileName(why)} removed)", cancellationToken);
        return 0;
    }

    private static async Task<int> RemoveAsync(InboundFile file, TextWriter output, CancellationToken cancellationToken)
    {
        if (file.State == InboundFileState.Claimed)
        {
            await RefuseClaimedAsync(file, "removed", output, cancellationToken);
            return 1;
        }
        // Deleting a missing file succeeds silently, and a waiting file can be claimed at any moment: renaming it aside
        // first fails if the gateway got there first, instead of reporting a removal that did not happen.
        var aside = Aside(file.Path);
        try
        {
            File.Move(file.Path, aside, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            await WriteAsync(output, $"queue: {file.Name} not removed: it left {file.StateText} meanwhile (a running gateway took it)", cancellationToken);
            return 1;
        }
        File.Delete(aside);
        var removed = $"removed {file.Name} ({file.StateText})";
        if (file.Why is { } why && File.Exists(why))
        {
            File.Delete(why);
            removed += $" and {Path.GetFileName(why)}";
        }
        await WriteAsync(output, removed, cancellationToken);
        return 0;
    }

    private static Task RefuseClaimedAsync(InboundFile file, string what, TextWriter output, CancellationToken cancellationToken) =>
        WriteAsync(output, $"queue: {file.Name} is {file.StateText}, which owns it until it is delivered or put aside; not {what}", cancellationToken);

    /// <summary>A name in the same directory that neither the gateway nor this command takes for an inbound file or a reason.</summary>
    private static string Aside(string path) => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.aside");

    /// <returns>Null when the file is gone.</returns>
    private static async Task<string?> SummaryAsync(string path, long length, long maxFileSize, CancellationToken cancellationToken)
    {
        if (TooLarge(length, maxFileSize) is { } tooLarge) return $"not decoded: {tooLarge}";
        try
        {
            return MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(path, cancellationToken)) switch
            {
                P1Message m => string.Create(CultureInfo.InvariantCulture,
                    $"message {m.Envelope.MessageIdentifier} from {m.Envelope.Originator.Address} to {m.Envelope.Recipients.Count} recipient(s)"),
                P1Report r => string.Create(CultureInfo.InvariantCulture,
                    $"report {r.Envelope.ReportIdentifier} about {r.Content.SubjectIdentifier} to {r.Envelope.ReportDestinationName.Address} on {r.Content.Recipients.Count} recipient(s)"),
                var other => other.GetType().Name,
            };
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (X400DecodeException e)
        {
            return $"undecodable: {e.Message}";
        }
    }

    /// <summary>The gateway never loads a file larger than it accepts, and neither does an operator's listing.</summary>
    private static string? TooLarge(long length, long maxFileSize) =>
        length <= maxFileSize ? null
        : string.Create(CultureInfo.InvariantCulture, $"{length} octets, more than the {maxFileSize} the gateway accepts (Gateway:Smtp:MaxMessageSize)");

    private static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays}d{age.Hours:00}h")
        : age.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours}h{age.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalMinutes)}m");

    private static Task WriteAsync(TextWriter output, string line, CancellationToken cancellationToken) => output.WriteLineAsync(line.AsMemory(), cancellationToken);
}
