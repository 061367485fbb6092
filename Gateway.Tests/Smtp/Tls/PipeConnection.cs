using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Gateway.Smtp.Server.Tls;

namespace Gateway.Tests.Smtp.Tls;

/// <summary>An in-memory connection: two pipes, the server end shaped like Kestrel's transport.</summary>
internal sealed class PipeConnection
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();

    public IDuplexPipe Server => new PipePair(_toServer.Reader, _toClient.Writer);

    public Stream ClientStream => new DuplexPipeStream(_toClient.Reader, _toServer.Writer);

    /// <summary>The client hangs up: the server reads end-of-stream.</summary>
    public void CloseClient() => _toServer.Writer.Complete();

    /// <summary>A TLS client that trusts exactly the certificate with <paramref name="thumbprint"/>.</summary>
    public async Task<SslStream> ConnectClientAsync(string thumbprint, SslProtocols protocols = SslProtocols.None)
    {
        var client = new SslStream(ClientStream, leaveInnerStreamOpen: false);
        try
        {
            await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == thumbprint,
            });
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }
}
