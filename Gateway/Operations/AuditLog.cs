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

    private static readonly ReadOnlyMemory<byte> NewLine = new[] { (byte)'\n' };

    private readonly FileStream _file;
    private readonly SemaphoreSlim _lock = new(1, 1);

    public AuditLog(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 4096,
            Options = FileOptions.Asynchronous,
        };
        // Addresses of every correspondent are personal data: the owner and the operators' group read them, nobody else.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        _file = new FileStream(path, options);
    }

    public string Path { get; }

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _file.WriteAsync(line, cancellationToken);
            await _file.WriteAsync(NewLine, cancellationToken);
            await _file.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _lock.Dispose();
    }
}
