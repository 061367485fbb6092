using System.Runtime.CompilerServices;
using System.Text;
using Gateway.Buffers;

namespace Gateway.X400.Transport;

/// <summary>
/// The X.400 file drop under <c>&lt;DataDirectory&gt;/x400/</c>: <c>out/</c> for messages to the X.400 MTA,
/// <c>in/</c> for messages from it, <c>failed/</c> for inbound files that can never be delivered (each beside a
/// <c>.why</c>). One <c>&lt;name&gt;.p1</c> file per message holding the BER MTS-APDU. Files appear by rename only,
/// so a reader never sees half a message. An inbound file is claimed by renaming it into this instance's own
/// <c>work/&lt;host&gt;-&lt;pid&gt;/</c>, so two gateways sharing the directories never take the same file; files left
/// in the work directory of an instance that died on this host go back to <c>in/</c> at the next scan of any instance. Files are created
/// 0600 and directories 0700: messages are nobody else's business.
/// </summary>
public sealed class FileDropTransport : IX400Transport, IDisposable
{
    private readonly SemaphoreSlim _arrived = new(0, 1);
    private FileSystemWatcher? _watcher;

    public const string Extension = FileDropDirectories.Extension;

    private readonly long _maxFileSize;

    /// <param name="maxFileSize">Larger inbound files are put aside unread: the gateway never loads more than this.</param>
    /// <param name="instance">This instance's name among those sharing the directories; host and process id by default.</param>
    public FileDropTransport(string root, long maxFileSize = long.MaxValue, string? instance = null)
    {
        Directories = new FileDropDirectories(root);
        _maxFileSize = maxFileSize;
        WorkDirectory = Directories.WorkOf(instance ?? $"{Environment.MachineName}-{Environment.ProcessId}");
        foreach (var directory in new[] { OutDirectory, InDirectory, FailedDirectory, ScratchDirectory, Directories.Work, WorkDirectory })
        {
            CreatePrivateDirectory(directory);
        }
        ReturnClaimsOfDeadInstances();
    }

    /// <summary>This instance's claimed inbound files.</summary>
    public string WorkDirectory { get; }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Claims of instances on this host whose process is gone go back to in/ (other hosts' are theirs to return): at start,
    /// and before every scan of in/, so that a surviving instance takes over what a killed one held without waiting for a
    /// restart. Instances sharing the drop may do this at the same time; whoever moves a file first returns it.
    /// </summary>
    private void ReturnClaimsOfDeadInstances()
    {
        var prefix = $"{Environment.MachineName}-";
        foreach (var directory in Directory.EnumerateDirectories(Directories.Work, prefix + "*"))
        {
            if (!int.TryParse(Path.GetFileName(directory)[prefix.Length..], out var pid) || pid == Environment.ProcessId || IsAlive(pid)) continue;
            try
            {
                foreach (var file in Directory.EnumerateFiles(directory, "*" + Extension))
                {
                    try
                    {
                        File.Move(file, Path.Combine(InDirectory, Path.GetFileName(file)), overwrite: true);
                    }
                    catch (FileNotFoundException)
                    {
                        // another instance returned it first
                    }
                }
                DurableFile.SyncDirectory(InDirectory);
                Directory.Delete(directory, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // another instance returned these claims and removed the directory meanwhile
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends the wait when a file is renamed or written into in/ (inotify on Linux); the caller's poll interval remains the
    /// fallback for file systems that do not report changes, such as NFS.
    /// </summary>
    public async Task WaitForArrivalAsync(TimeSpan longest, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_watcher is null)
        {
            try
            {
                _watcher = new FileSystemWatcher(InDirectory, "*" + Extension) { NotifyFilter = NotifyFilters.FileName, IncludeSubdirectories = false };
                _watcher.Created += (_, _) => Signal();
                _watcher.Renamed += (_, _) => Signal();
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException)
            {
                _watcher?.Dispose();
                _watcher = null;
                await Task.Delay(longest, time, cancellationToken);
                return;
            }
        }
        // The poll interval runs on the caller's clock (tests drive it); the signal on the watcher's.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_arrived.WaitAsync(either.Token), Task.Delay(longest, time, either.Token));
        await either.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void Signal()
    {
        try
        {
            _arrived.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled: one wake-up covers every file that arrived meanwhile
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _arrived.Dispose();
    }

    public FileDropDirectories Directories { get; }
    public string Root => Directories.Root;
    public string OutDirectory => Directories.Out;
    public string InDirectory => Directories.In;
    public string FailedDirectory => Directories.Failed;
    public string ScratchDirectory => Directories.Scratch;

    public async Task SubmitAsync(MtsApdu apdu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apdu);
        var identifier = apdu switch
        {
            P1Message message => message.Envelope.MessageIdentifier,
            P1Report report => report.Envelope.ReportIdentifier,
            _ => throw new ArgumentException($"{apdu.GetType().Name} is not an MTS-APDU this transport carries", nameof(apdu)),
        };
        var name = FileNameFor(identifier);
        // A message's content goes to the file from where it is; only the envelope is encoded.
        IReadOnlyList<ReadOnlyMemory<byte>> octets = apdu is P1Message m ? [P1Encoder.EncodeHead(m.Envelope, m.Content.Length), m.Content] : [MtsApduCodec.Encode(apdu)];
        await DurableFile.WriteAsync(Path.Combine(OutDirectory, name), octets, ScratchDirectory, cancellationToken);
    }

    public async IAsyncEnumerable<X400InboundItem> PendingAsync(Func<string, bool>? take, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ReturnClaimsOfDeadInstances();
        var files = new DirectoryInfo(InDirectory).EnumerateFiles("*" + Extension)
            .Where(f => !f.Name.StartsWith('.') && (take is null || take(f.Name)))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        foreach (var found in files)
        {
            var claimed = Path.Combine(WorkDirectory, found.Name);
            try
            {
                File.Move(found.FullName, claimed, overwrite: false);
            }
            catch (Exception e) when (e is FileNotFoundException or IOException)
            {
                continue; // another instance claimed it first, or an operator removed it
            }
            var file = new FileInfo(claimed);
            if (file.Length > _maxFileSize)
            {
                yield return new X400InboundItem(file.Name, ReadOnlyMemory<byte>.Empty)
                {
                    HandedOverAt = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero),
                    RefusedBecause = $"the file has {file.Length} octets, more than the {_maxFileSize} the gateway accepts (Gateway:Smtp:MaxMessageSize)",
                };
                continue;
            }
            var handedOverAt = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
            if (file.Length > FileBackedMemory.LargeContent && !OperatingSystem.IsWindows())
            {
                // A large file is mapped, not read: the content then goes to SMTP from the page cache (see FileBackedMemory).
                // (Unix only: the file is moved or deleted while mapped.)
                var mapped = FileBackedMemory.Map(new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
                yield return new X400InboundItem(file.Name, mapped.Memory) { HandedOverAt = handedOverAt, Owner = mapped };
                continue;
            }
            PooledBuffer buffer;
            try
            {
                buffer = await ReadPooledAsync(file.FullName, cancellationToken);
            }
            catch (IOException)
            {
                // Unreadable now (or written to in place after the hand-over, which the drop's contract forbids): back to
                // in/ for the next scan, which reports the failure, rather than stranded in work/.
                File.Move(claimed, found.FullName, overwrite: false);
                throw;
            }
            yield return new X400InboundItem(file.Name, buffer.Written) { HandedOverAt = handedOverAt, Owner = buffer };
        }
    }

    /// <summary>
    /// The file in a pooled array, given back when the item is disposed: files past 85 KB would otherwise each be a new
    /// array on the large-object heap.
    /// </summary>
    private static async Task<PooledBuffer> ReadPooledAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new PooledBuffer((int)stream.Length);
        try
        {
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    public async Task CompleteAsync(X400InboundItem item, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(WorkDirectory, item.Name));
        // Shared with the completions running beside it (group commit): one directory fsync per message had each
        // delivery wait for the disk on its own.
        await DurableFile.SyncDirectoryAsync(WorkDirectory, cancellationToken);
    }

    public Task ReleaseAsync(X400InboundItem item, CancellationToken cancellationToken)
    {
        DurableFile.Move(Path.Combine(WorkDirectory, item.Name), Path.Combine(InDirectory, item.Name));
        return Task.CompletedTask;
    }

    public async Task RejectAsync(X400InboundItem item, string reason, CancellationToken cancellationToken)
    {
        var why = Directories.WhyOf(item.Name);
        await DurableFile.WriteAsync(why, Encoding.UTF8.GetBytes(reason.TrimEnd() + "\n"), ScratchDirectory, cancellationToken);
        DurableFile.Move(Path.Combine(WorkDirectory, item.Name), Path.Combine(FailedDirectory, item.Name));
    }

    /// <summary>
    /// The file name comes from the MTS identifier, which the relay derives from the transaction, so that a
    /// retried submission replaces its earlier copy. Characters that are not safe in a file name are hex-escaped.
    /// </summary>
    public static string FileNameFor(MtsIdentifier identifier)
    {
        var sb = new StringBuilder();
        foreach (var c in identifier.LocalIdentifier)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_') sb.Append(c);
            else sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.Append(Extension).ToString();
    }
}
