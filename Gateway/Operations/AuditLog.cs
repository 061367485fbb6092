using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Operations;

/// <summary>
/// Appends audit records to <c>&lt;DataDirectory&gt;/audit.jsonl</c>, one JSON object per line. Each line is
/// written whole and flushed before the call returns, so that a line exists for every reply the gateway gave.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public AuditLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var options = new FileStreamOptions
        {
            // Written synchronously (into the page cache): an asynchronous write to a file is a trip to another thread of the
            // pool, and a line of a few hundred octets takes microseconds. The buffer makes the line and its newline one write.
            Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 4096,
        };
        // Addresses of every correspondent are personal data: the owner and the operators' group read them, nobody else.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        _file = new FileStream(path, options);
    }

    public string Path { get; }

    public Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        try
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
            lock (_gate)
            {
                _file.Write(line);
                _file.Write("\n"u8);
                _file.Flush();
            }
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            // As the asynchronous write did: the failure in the task, for the caller's await.
            return Task.FromException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
    }
}
