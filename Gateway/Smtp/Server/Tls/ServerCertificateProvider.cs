using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server.Tls;

/// <summary>
/// The server certificate of the moment. Re-read when its files change, so that a renewal (certbot, an ACME
/// client, a secret rotation) takes effect without a restart; a replacement that cannot be loaded is reported
/// and the certificate in use stays.
/// </summary>
public sealed partial class ServerCertificateProvider : IDisposable
{
    // Watchers miss changes on some file systems (NFS, some container mounts) and renames of a symlink's target
    // (certbot swaps symlinks, Kubernetes swaps a directory link), so the files are also compared this often.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    // Tools write a file in several steps and replace a certificate and its key one after the other: acting on the
    // first watcher event would load half of a change and report an error for nothing.
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(500);

    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private readonly string? _password;
    private readonly ILogger<ServerCertificateProvider> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer? _poll;
    private readonly ITimer? _settle;
    private volatile Served? _served;
    private FileStamp[] _seen = [];
    private int _generation;
    private bool _disposed;

    public ServerCertificateProvider(TlsOptions options, ILogger<ServerCertificateProvider> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        if (string.IsNullOrEmpty(options.Certificate)) return;

        _certificatePath = Path.GetFullPath(options.Certificate);
        _keyPath = string.IsNullOrEmpty(options.Key) ? null : Path.GetFullPath(options.Key);
        _password = options.Password;
        _seen = Stamp();
        try
        {
            _served = new Served(ServerCertificateLoader.Load(_certificatePath, _keyPath, _password));
        }
        catch (CertificateLoadException e)
        {
            // Start-up validation loads the same files, so this is a file changed in between: fail loudly.
            throw new InvalidOperationException($"Gateway:Smtp:Tls: {e.Message}", e);
        }

        _generation = 1;
        Report(_served.Loaded, reloaded: false);
        _settle = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _poll = time.CreateTimer(_ => Check(), null, PollInterval, PollInterval);
        foreach (var directory in new[] { _certificatePath, _keyPath }.OfType<string>().Select(Path.GetDirectoryName).OfType<string>().Distinct())
        {
            Watch(directory);
        }
    }

    /// <summary>Raised after a changed certificate was loaded and is being served (on a timer thread).</summary>
    public event Action? Reloaded;

    /// <summary>A certificate is configured, so STARTTLS can be offered.</summary>
    public bool IsEnabled => _certificatePath is not null;

    /// <summary>Counts the certificates loaded: 1 after start-up, one more for each reload.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The certificate to serve now, with its private key.</summary>
    /// <exception cref="InvalidOperationException">No certificate is configured (<see cref="IsEnabled"/> is false).</exception>
    public X509Certificate2 Current => Active.Loaded.Certificate;

    /// <summary>Options for one server handshake with the current certificate and its chain.</summary>
    public SslServerAuthenticationOptions CreateServerOptions() => new()
    {
        ServerCertificateContext = Active.Context,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // Client-initiated renegotiation buys an SMTP client nothing and costs the server a handshake each time.
        AllowRenegotiation = false,
    };

    public void Dispose()
    {
        Served? served;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            served = _served;
            _served = null;
        }

        _poll?.Dispose();
        _settle?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        served?.Loaded.Dispose();
    }

    private Served Active
    {
        get
        {
            if (!IsEnabled) throw new InvalidOperationException("No TLS certificate is configured (Gateway:Smtp:Tls:Certificate).");
            return _served ?? throw new ObjectDisposedException(nameof(ServerCertificateProvider));
        }
    }

    private void Watch(string directory)
    {
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                    | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            // Any change in the directory may be ours (a symlink swapped elsewhere in it, for instance); the stamps
            // decide whether anything really changed.
            watcher.Changed += (_, _) => Settle();
            watcher.Created += (_, _) => Settle();
            watcher.Deleted += (_, _) => Settle();
            watcher.Renamed += (_, _) => Settle();
            watcher.Error += (_, _) => Settle();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Typically the inotify instance limit; polling still catches every change, only a little later.
            LogNotWatched(_logger, directory, e.Message, PollInterval);
        }
    }

    private void Settle()
    {
        lock (_gate)
        {
            if (!_disposed) _settle?.Change(SettleDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Check()
    {
        LoadedServerCertificate? loaded;
        lock (_gate)
        {
            if (_disposed) return;
            var stamp = Stamp();
            if (stamp.AsSpan().SequenceEqual(_seen)) return;

            // Remembered even when loading fails, so that a broken file is reported once, not every poll.
            _seen = stamp;
            try
            {
                loaded = ServerCertificateLoader.Load(_certificatePath!, _keyPath, _password);
            }
            catch (CertificateLoadException e)
            {
                LogReloadFailed(_logger, e.Path, e.Reason, _served!.Loaded.Certificate.Thumbprint);
                return;
            }

            if (loaded.SameAs(_served!.Loaded))
            {
                loaded.Dispose();
                return;
            }

            // The previous certificate is not disposed: handshakes under way may still be using it.
            _served = new Served(loaded);
            Interlocked.Increment(ref _generation);
        }

        Report(loaded, reloaded: true);
        Reloaded?.Invoke();
    }

    private void Report(LoadedServerCertificate loaded, bool reloaded)
    {
        var certificate = loaded.Certificate;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (reloaded)
        {
            LogReloaded(_logger, _certificatePath!, certificate.Subject, certificate.Thumbprint, notAfter);
        }
        else
        {
            LogLoaded(_logger, _certificatePath!, certificate.Subject, certificate.Thumbprint, notAfter);
        }

        var now = _time.GetUtcNow();
        if (now < notBefore || now > notAfter)
        {
            LogOutsideValidity(_logger, certificate.Subject, certificate.Thumbprint, notBefore, notAfter);
        }
    }

    private FileStamp[] Stamp() => [.. new[] { _certificatePath, _keyPath }.OfType<string>().Select(FileStamp.Of)];

    /// <summary>The loaded certificate with its handshake context, built once rather than per connection.</summary>
    private sealed class Served(LoadedServerCertificate loaded)
    {
        public LoadedServerCertificate Loaded { get; } = loaded;

        // offline: the chain comes from the configured files; no fetching of intermediates or revocation data.
        public SslStreamCertificateContext Context { get; } =
            SslStreamCertificateContext.Create(loaded.Certificate, loaded.Intermediates, offline: true);
    }

    /// <summary>What tells one version of a file from the next, including where its symlinks lead.</summary>
    private readonly record struct FileStamp(string? Target, long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            try
            {
                // FileInfo describes a symlink itself (its length and time), not the file it leads to: follow it first.
                var link = new FileInfo(path);
                var target = link.LinkTarget is null ? null : link.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                var info = target is null ? link : new FileInfo(target);
                return info.Exists ? new FileStamp(target, info.Length, info.LastWriteTimeUtc) : new FileStamp(target, -1, default);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new FileStamp(e.Message, -2, default);
            }
        }
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information,
        Message = "TLS certificate loaded from {Path}: subject {Subject}, thumbprint {Thumbprint}, valid until {NotAfter:u}")]
    private static partial void LogLoaded(ILogger logger, string path, string subject, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information,
        Message = "TLS certificate reloaded from {Path}: subject {Subject}, thumbprint {Thumbprint}, valid until {NotAfter:u}")]
    private static partial void LogReloaded(ILogger logger, string path, string subject, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 132, Level = LogLevel.Error,
        Message = "TLS certificate reload failed, still serving {Thumbprint}: '{File}' cannot be loaded: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string file, string reason, string thumbprint);

    [LoggerMessage(EventId = 133, Level = LogLevel.Warning,
        Message = "TLS certificate {Subject} ({Thumbprint}) is not valid now: valid from {NotBefore:u} until {NotAfter:u}")]
    private static partial void LogOutsideValidity(ILogger logger, string subject, string thumbprint, DateTimeOffset notBefore, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 134, Level = LogLevel.Warning,
        Message = "Cannot watch {Directory} for certificate changes ({Reason}); they are noticed by polling every {Interval}")]
    private static partial void LogNotWatched(ILogger logger, string directory, string reason, TimeSpan interval);
}
