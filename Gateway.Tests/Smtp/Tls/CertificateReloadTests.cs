using Gateway.Configuration;
using Gateway.Smtp.Server.Tls;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Smtp.Tls;

public sealed class CertificateReloadTests : IDisposable
{
    private const int ReloadedEvent = 131;
    private const int ReloadFailedEvent = 132;
    private readonly TestCertificates _files = new();
    private readonly CapturingLogger<ServerCertificateProvider> _logger = new();

    public void Dispose() => _files.Dispose();

    private ServerCertificateProvider Provider(TlsOptions options) => new(options, _logger, TimeProvider.System);

    /// <summary>Puts <paramref name="source"/> in place the way careful tools do: a temporary name, then a rename over.</summary>
    private void Replace(string target, string source)
    {
        var temporary = _files.PathOf($"{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        File.Copy(source, temporary);
        File.Move(temporary, target, overwrite: true);
    }

    [Fact]
    public async Task A_replaced_certificate_and_key_are_served_without_a_restart()
    {
        var live = await _files.CreateSelfSignedAsync("live");
        var renewed = await _files.CreateSelfSignedAsync("renewed");
        var renewedThumbprint = TestCertificates.ThumbprintOf(renewed.Certificate);
        using var provider = Provider(new TlsOptions { Certificate = live.Certificate, Key = live.Key });
        var reloaded = 0;
        provider.Reloaded += () => Interlocked.Increment(ref reloaded);

        Replace(live.Key, renewed.Key);
        Replace(live.Certificate, renewed.Certificate);

        // The provider serves the new certificate first and then reports it (log line, Reloaded), on its watcher's thread:
        // waiting for the certificate alone raced the report (CI, under load, read the count before the event).
        await Eventually.HoldsAsync(() => provider.Current.Thumbprint == renewedThumbprint && Volatile.Read(ref reloaded) > 0,
            "the renewed certificate, reported");
        Assert.Equal(2, provider.Generation);
        Assert.Equal(1, Volatile.Read(ref reloaded));
        var entry = Assert.Single(_logger.Entries, e => e.EventId == ReloadedEvent);
        Assert.Contains(renewedThumbprint, entry.Message, StringComparison.Ordinal);

        // New handshakes get the new certificate.
        var connection = new PipeConnection();
        var server = TlsHandshake.AuthenticateAsServerAsync(connection.Server, provider, TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var client = await connection.ConnectClientAsync(renewedThumbprint);
        await using var serverStream = await server;
    }

    [Fact]
    public async Task A_broken_replacement_keeps_the_old_certificate_and_is_reported()
    {
        var live = await _files.CreateSelfSignedAsync("live");
        var thumbprint = TestCertificates.ThumbprintOf(live.Certificate);
        using var provider = Provider(new TlsOptions { Certificate = live.Certificate, Key = live.Key });
        var garbage = _files.PathOf("garbage");
        await File.WriteAllTextAsync(garbage, "-----BEGIN CERTIFICATE-----\nMIIB half-written\n");

        Replace(live.Certificate, garbage);

        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.EventId == ReloadFailedEvent), "the reload error");
        var error = _logger.Entries.First(e => e.EventId == ReloadFailedEvent);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains($"'{live.Certificate}' cannot be loaded: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(thumbprint, error.Message, StringComparison.Ordinal);
        Assert.Equal(thumbprint, provider.Current.Thumbprint);
        Assert.Equal(1, provider.Generation);

        // And the next good file is taken, without a restart.
        var renewed = await _files.CreateSelfSignedAsync("renewed");
        Replace(live.Key, renewed.Key);
        Replace(live.Certificate, renewed.Certificate);
        var renewedThumbprint = TestCertificates.ThumbprintOf(renewed.Certificate);
        await Eventually.HoldsAsync(() => provider.Current.Thumbprint == renewedThumbprint, "the good certificate after the broken one");
    }

    [Fact]
    public async Task A_pfx_under_another_password_is_refused_without_logging_any_password()
    {
        var first = await _files.CreateSelfSignedAsync("first");
        var second = await _files.CreateSelfSignedAsync("second");
        const string Configured = "configured-pass-4711";
        const string Other = "other-pass-0815";
        var live = await _files.CreatePfxAsync(first, Configured, "live");
        var changed = await _files.CreatePfxAsync(second, Other, "changed");
        using var provider = Provider(new TlsOptions { Certificate = live, Password = Configured });
        var thumbprint = provider.Current.Thumbprint;

        Replace(live, changed);

        await Eventually.HoldsAsync(() => _logger.Entries.Any(e => e.EventId == ReloadFailedEvent), "the reload error");
        Assert.Equal(thumbprint, provider.Current.Thumbprint);
        var error = _logger.Entries.First(e => e.EventId == ReloadFailedEvent);
        Assert.Contains($"'{live}' cannot be loaded: wrong password (Gateway:Smtp:Tls:Password)", error.Message, StringComparison.Ordinal);
        Assert.All(_logger.Entries, e =>
        {
            Assert.DoesNotContain(Configured, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Other, e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_certbot_style_symlink_swap_is_noticed()
    {
        // certbot keeps live/cert.pem as a symlink into archive/ and renews by pointing it at a new file.
        var first = await _files.CreateSelfSignedAsync("first");
        var second = await _files.CreateSelfSignedAsync("second");
        var liveDirectory = Directory.CreateDirectory(_files.PathOf("live")).FullName;
        var certificate = Path.Combine(liveDirectory, "fullchain.pem");
        var key = Path.Combine(liveDirectory, "privkey.pem");
        File.CreateSymbolicLink(certificate, first.Certificate);
        File.CreateSymbolicLink(key, first.Key);
        using var provider = Provider(new TlsOptions { Certificate = certificate, Key = key });
        Assert.Equal(TestCertificates.ThumbprintOf(first.Certificate), provider.Current.Thumbprint);

        SwapLink(key, second.Key);
        SwapLink(certificate, second.Certificate);

        var secondThumbprint = TestCertificates.ThumbprintOf(second.Certificate);
        await Eventually.HoldsAsync(() => provider.Current.Thumbprint == secondThumbprint, "the certificate behind the new link");
    }

    [Fact]
    public async Task A_change_no_watcher_sees_is_found_by_polling()
    {
        // The configured names are links into a directory nobody watches, and the files there are replaced: only
        // comparing the files' stamps can notice (as on file systems whose watchers report nothing).
        var first = await _files.CreateSelfSignedAsync("first");
        var second = await _files.CreateSelfSignedAsync("second");
        var unwatched = Directory.CreateDirectory(_files.PathOf("unwatched")).FullName;
        var liveDirectory = Directory.CreateDirectory(_files.PathOf("live")).FullName;
        var targetCertificate = Path.Combine(unwatched, "server.crt");
        var targetKey = Path.Combine(unwatched, "server.key");
        File.Copy(first.Certificate, targetCertificate);
        File.Copy(first.Key, targetKey);
        var certificate = Path.Combine(liveDirectory, "server.crt");
        var key = Path.Combine(liveDirectory, "server.key");
        File.CreateSymbolicLink(certificate, targetCertificate);
        File.CreateSymbolicLink(key, targetKey);
        using var provider = Provider(new TlsOptions { Certificate = certificate, Key = key });

        Replace(targetKey, second.Key);
        Replace(targetCertificate, second.Certificate);

        var secondThumbprint = TestCertificates.ThumbprintOf(second.Certificate);
        await Eventually.HoldsAsync(() => provider.Current.Thumbprint == secondThumbprint, "the certificate replaced behind the links");
    }

    private static void SwapLink(string link, string newTarget)
    {
        var temporary = link + ".new";
        File.CreateSymbolicLink(temporary, newTarget);
        File.Move(temporary, link, overwrite: true);
    }
}
