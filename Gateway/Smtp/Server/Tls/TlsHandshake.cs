using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;

namespace Gateway.Smtp.Server.Tls;

/// <summary>The server side of a TLS handshake on a connection's pipes (STARTTLS), and how it is described in logs.</summary>
public static class TlsHandshake
{
    /// <summary>
    /// Negotiates TLS over <paramref name="transport"/> and returns the stream to speak through from now on; the
    /// pipes underneath stay open (Kestrel owns them). Failures come out as <see cref="AuthenticationException"/>
    /// or <see cref="IOException"/> (a handshake longer than <paramref name="timeout"/> is an IOException saying
    /// so), and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task<SslStream> AuthenticateAsServerAsync(
        IDuplexPipe transport, ServerCertificateProvider certificates, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var options = certificates.CreateServerOptions();
        var ssl = new SslStream(new DuplexPipeStream(transport.Input, transport.Output), leaveInnerStreamOpen: true);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await ssl.AuthenticateAsServerAsync(options, deadline.Token);
            return ssl;
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await ssl.DisposeAsync();
            // Otherwise the log would read "The operation was canceled" for a client that simply stalled.
            throw new IOException($"TLS handshake did not complete within {timeout}", e);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>"TLSv1.3 TLS_AES_256_GCM_SHA384": the protocol and cipher suite, for logs, Received lines and the audit.</summary>
    public static string Describe(SslStream stream) => Describe(stream.SslProtocol, stream.NegotiatedCipherSuite);

    /// <summary>The same for a handshake Kestrel did (implicit TLS), from its <c>ITlsHandshakeFeature</c>.</summary>
    public static string Describe(SslProtocols protocol, TlsCipherSuite cipherSuite) => $"{ProtocolName(protocol)} {cipherSuite}";

    // OpenSSL's and Postfix's spelling, which is what mail administrators grep for.
    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3",
        SslProtocols.Tls12 => "TLSv1.2",
        _ => protocol.ToString(),
    };
}
