using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Gateway.Configuration;
using Gateway.Smtp.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Smtp.Tls;

public sealed class TlsHandshakeTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private readonly TestCertificates _files = new();
    private ServerCertificateProvider _provider = null!;
    private string _thumbprint = "";

    public async Task InitializeAsync()
    {
        // PEM loaded straight from files, no PKCS#12 round trip: the handshakes below show that this is enough on Linux.
        var pair = await _files.CreateSelfSignedAsync("server");
        _provider = new ServerCertificateProvider(new TlsOptions { Certificate = pair.Certificate, Key = pair.Key },
            NullLogger<ServerCertificateProvider>.Instance, TimeProvider.System);
        _thumbprint = _provider.Current.Thumbprint;
    }

    public Task DisposeAsync()
    {
        _provider.Dispose();
        _files.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task After_the_handshake_bytes_flow_both_ways_over_tls_1_2_or_1_3()
    {
        var connection = new PipeConnection();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, Generous, CancellationToken.None);
        await using var client = await connection.ConnectClientAsync(_thumbprint);
        await using var server = await serverSide;

        Assert.Contains(server.SslProtocol, new[] { SslProtocols.Tls12, SslProtocols.Tls13 });
        Assert.Equal(client.SslProtocol, server.SslProtocol);

        await client.WriteAsync("EHLO client.example\r\n"u8.ToArray());
        var request = new byte["EHLO client.example\r\n".Length];
        await server.ReadExactlyAsync(request);
        Assert.Equal("EHLO client.example\r\n", Encoding.ASCII.GetString(request));

        await server.WriteAsync("250 gateway.example\r\n"u8.ToArray());
        var reply = new byte["250 gateway.example\r\n".Length];
        await client.ReadExactlyAsync(reply);
        Assert.Equal("250 gateway.example\r\n", Encoding.ASCII.GetString(reply));

        Assert.Matches(@"^TLSv1\.[23] TLS_\w+$", TlsHandshake.Describe(server));
        Assert.Equal($"TLSv1.3 {server.NegotiatedCipherSuite}", TlsHandshake.Describe(SslProtocols.Tls13, server.NegotiatedCipherSuite));
    }

    [Fact]
    public async Task Disposing_the_tls_stream_leaves_the_connection_open()
    {
        var connection = new PipeConnection();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, Generous, CancellationToken.None);
        await using var client = await connection.ConnectClientAsync(_thumbprint);
        var server = await serverSide;
        await server.DisposeAsync();

        // The pipes are Kestrel's: disposing the TLS stream must not complete them.
        var output = connection.Server.Output;
        await output.WriteAsync("still open"u8.ToArray());
    }

    [Fact]
    public async Task A_client_limited_to_tls_1_1_gets_no_connection()
    {
        var connection = new PipeConnection();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, Generous, CancellationToken.None);

        // OpenSSL 3 at its default security level refuses TLS 1.1 on the client side too, so the client may fail
        // before sending anything; either way no session comes up. Hanging up then lets the server side finish.
#pragma warning disable SYSLIB0039 // TLS 1.1 on purpose: that is what is being refused.
        var clientError = await Assert.ThrowsAnyAsync<Exception>(() => connection.ConnectClientAsync(_thumbprint, SslProtocols.Tls11));
#pragma warning restore SYSLIB0039
        Assert.True(clientError is AuthenticationException or IOException, clientError.ToString());
        connection.CloseClient();

        var serverError = await Assert.ThrowsAnyAsync<Exception>(() => serverSide);
        Assert.True(serverError is AuthenticationException or IOException, serverError.ToString());
    }

    [Fact]
    public async Task A_client_that_says_nothing_runs_into_the_timeout()
    {
        var connection = new PipeConnection();

        var error = await Assert.ThrowsAsync<IOException>(() =>
            TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, TimeSpan.FromMilliseconds(200), CancellationToken.None));

        Assert.Contains("did not complete within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_cancels_the_handshake()
    {
        var connection = new PipeConnection();
        using var shutdown = new CancellationTokenSource();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, Generous, shutdown.Token);

        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => serverSide);
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_handshake_is_an_io_or_authentication_error()
    {
        var connection = new PipeConnection();
        var serverSide = TlsHandshake.AuthenticateAsServerAsync(connection.Server, _provider, Generous, CancellationToken.None);
        connection.CloseClient();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => serverSide);
        Assert.True(error is AuthenticationException or IOException, error.ToString());
    }
}
