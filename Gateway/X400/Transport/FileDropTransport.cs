using System.Runtime.CompilerServices;
using System.Text;

namespace Gateway.X400.Transport;

/// <summary>
/// The X.400 file drop under <c>&lt;DataDirectory&gt;/x400/</c>: <c>out/</c> for messages to the X.400 MTA,
/// <c>in/</c> for messages from it, <c>failed/</c> for inbound files that can never be delivered (each beside a
/// <c>.why</c>). One <c>&lt;name&gt;.p1</c> file per message holding the BER MTS-APDU. Files appear by rename only,
/// so a reader never sees half a message.
/// </summary>
public sealed class FileDropTransport : IX400Transport
{
    public const string Extension = ".p1";

    private readonly long _maxFileSize;

    /// <param name="maxFileSize">Larger inbound files are put aside unread: the gateway never loads more than this.</param>
    public FileDropTransport(string root, long maxFileSize = long.MaxValue)
    {
        Root = root;
        _maxFileSize = maxFileSize;
        foreach (var directory in new[] { OutDirectory, InDirectory, FailedDirectory, ScratchDirectory }) Directory.CreateDirectory(directory);
    }

    public string Root { get; }
    public string OutDirectory => Path.Combine(Root, "out");
    public string InDirectory => Path.Combine(Root, "in");
    public string FailedDirectory => Path.Combine(Root, "failed");

    /// <summary>Where files are written before they are renamed in; on the same file system as out/.</summary>
    public string ScratchDirectory => Path.Combine(Root, "tmp");

    public async Task SubmitAsync(P1Message message, CancellationToken cancellationToken)
    {
        var apdu = MtsApduCodec.Encode(message);
        var name = FileNameFor(message.Envelope.MessageIdentifier);
        await DurableFile.WriteAsync(Path.Combine(OutDirectory, name), apdu, ScratchDirectory, cancellationToken);
    }

    public async IAsyncEnumerable<X400InboundItem> PendingAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = new DirectoryInfo(InDirectory).EnumerateFiles("*" + Extension)
            .Where(f => !f.Name.StartsWith('.'))
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        foreach (var file in files)
        {
            if (file.Length > _maxFileSize)
            {
                yield return new X400InboundItem(file.Name, ReadOnlyMemory<byte>.Empty)
                {
                    RefusedBecause = $"the file has {file.Length} octets, more than the {_maxFileSize} the gateway accepts (Gateway:Smtp:MaxMessageSize)",
                };
                continue;
            }
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                continue; // taken by another instance, or removed by an operator
            }
            yield return new X400InboundItem(file.Name, bytes);
        }
    }

    public Task CompleteAsync(X400InboundItem item, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(InDirectory, item.Name));
        DurableFile.SyncDirectory(InDirectory);
        return Task.CompletedTask;
    }

    public async Task RejectAsync(X400InboundItem item, string reason, CancellationToken cancellationToken)
    {
        var why = Path.Combine(FailedDirectory, Path.ChangeExtension(item.Name, ".why"));
        await DurableFile.WriteAsync(why, Encoding.UTF8.GetBytes(reason.TrimEnd() + "\n"), ScratchDirectory, cancellationToken);
        DurableFile.Move(Path.Combine(InDirectory, item.Name), Path.Combine(FailedDirectory, item.Name));
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
