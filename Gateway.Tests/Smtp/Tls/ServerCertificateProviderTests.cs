using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Gateway.Smtp.Server.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Smtp.Tls;

public sealed class ServerCertificateProviderTests : IDisposable
{
    private readonly TestCertificates _files = new();

    public void Dispose() => _files.Dispose();

    private static ServerCertificateProvider Provider(TlsOptions options, ILogger<ServerCertificateProvider>? logger = null) =>
        new(options, logger ?? NullLogger<ServerCertificateProvider>.Instance, TimeProvider.System);

    [Fact]
    public void Without_a_certificate_it_is_disabled_and_has_nothing_to_serve()
    {
        using var provider = Provider(new TlsOptions());

        Assert.False(provider.IsEnabled);
        Assert.Throws<InvalidOperationException>(() => provider.Current);
        Assert.Throws<InvalidOperationException>(() => provider.CreateServerOptions());
    }

    [Fact]
    public async Task Loads_a_pem_certificate_with_a_separate_key()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var logger = new CapturingLogger<ServerCertificateProvider>();
        using var provider = Provider(new TlsOptions { Certificate = pair.Certificate, Key = pair.Key }, logger);

        Assert.True(provider.IsEnabled);
        Assert.Equal(1, provider.Generation);
        Assert.True(provider.Current.HasPrivateKey);
        Assert.Equal(TestCertificates.ThumbprintOf(pair.Certificate), provider.Current.Thumbprint);
        var loaded = Assert.Single(logger.Entries, e => e.EventId == 130);
        Assert.Contains(provider.Current.Thumbprint, loaded.Message, StringComparison.Ordinal);
        Assert.Contains("CN=localhost", loaded.Message, StringComparison.Ordinal);
        Assert.Contains(provider.Current.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'"), loaded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loads_a_pem_file_holding_the_certificate_and_its_key()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var combined = _files.PathOf("combined.pem");
        await File.WriteAllTextAsync(combined, await File.ReadAllTextAsync(pair.Key) + await File.ReadAllTextAsync(pair.Certificate));
        using var provider = Provider(new TlsOptions { Certificate = combined });

        Assert.True(provider.Current.HasPrivateKey);
        Assert.Equal(TestCertificates.ThumbprintOf(pair.Certificate), provider.Current.Thumbprint);
    }

    [Fact]
    public async Task Loads_a_pem_key_encrypted_with_the_password()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var encrypted = await _files.EncryptKeyAsync(pair, "pem-key-pass", "server");
        using var provider = Provider(new TlsOptions { Certificate = pair.Certificate, Key = encrypted, Password = "pem-key-pass" });

        Assert.True(provider.Current.HasPrivateKey);
        await AssertServesAsync(provider, TestCertificates.ThumbprintOf(pair.Certificate));
    }

    [Fact]
    public async Task Loads_a_pfx_with_its_password()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var pfx = await _files.CreatePfxAsync(pair, "pfx-pass", "server");
        using var provider = Provider(new TlsOptions { Certificate = pfx, Password = "pfx-pass" });

        Assert.True(provider.Current.HasPrivateKey);
        await AssertServesAsync(provider, TestCertificates.ThumbprintOf(pair.Certificate));
    }

    [Fact]
    public async Task A_pfx_is_recognised_by_its_content_whatever_its_name()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var pfx = await _files.CreatePfxAsync(pair, "pfx-pass", "server");
        var renamed = _files.PathOf("server-bundle.bin");
        File.Copy(pfx, renamed);
        using var provider = Provider(new TlsOptions { Certificate = renamed, Password = "pfx-pass" });

        Assert.Equal(TestCertificates.ThumbprintOf(pair.Certificate), provider.Current.Thumbprint);
    }

    [Fact]
    public async Task The_server_options_follow_the_projects_tls_policy()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        using var provider = Provider(new TlsOptions { Certificate = pair.Certificate, Key = pair.Key });

        var options = provider.CreateServerOptions();

        Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, options.EnabledSslProtocols);
        Assert.False(options.ClientCertificateRequired);
        Assert.Equal(X509RevocationMode.NoCheck, options.CertificateRevocationCheckMode);
        Assert.NotNull(options.ServerCertificateContext);
        Assert.Equal(provider.Current.Thumbprint, options.ServerCertificateContext.TargetCertificate.Thumbprint);
    }

    [Fact]
    public async Task Sends_the_intermediates_from_the_pem_chain()
    {
        var (server, intermediate) = await _files.CreateIssuedAsync("issued");
        using var provider = Provider(new TlsOptions { Certificate = server.Certificate, Key = server.Key });
        var connection = new PipeConnection();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, provider, TimeSpan.FromSeconds(30), CancellationToken.None);

        var received = new List<string>();
        await using var client = new SslStream(connection.ClientStream);
        await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, chain, _) =>
            {
                // The client can know the intermediate only from what the server sent: it is in no store here. The root
                // is not sent (.NET leaves the trust anchor out, as TLS allows), so the client's chain stops short of it.
                received.AddRange(chain!.ChainElements.Select(e => e.Certificate.Thumbprint));
                return true;
            },
        });
        await using var serverStream = await serverSide;

        Assert.Equal([provider.Current.Thumbprint, TestCertificates.ThumbprintOf(intermediate)], received);
    }

    private static async Task AssertServesAsync(ServerCertificateProvider provider, string thumbprint)
    {
        var connection = new PipeConnection();
        var server = TlsHandshake.AuthenticateAsServerAsync(connection.Server, provider, TimeSpan.FromSeconds(30), CancellationToken.None);
        await using var client = await connection.ConnectClientAsync(thumbprint);
        await using var serverStream = await server;
        Assert.Equal(thumbprint, client.RemoteCertificate!.GetCertHashString());
    }
}
