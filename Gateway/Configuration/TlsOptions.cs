using System.Net;
using Gateway.Smtp.Server.Tls;

namespace Gateway.Configuration;

/// <summary>
/// <c>Gateway:Smtp:Tls</c>: the server certificate for STARTTLS and for the optional implicit-TLS listener.
/// Without <see cref="Certificate"/> the gateway offers no TLS at all.
/// </summary>
public sealed class TlsOptions
{
    private const string Prefix = "Gateway:Smtp:Tls:";

    /// <summary>
    /// A PEM certificate chain (server certificate first, then intermediates; may also hold the key) or a
    /// PKCS#12 file (.pfx/.p12). Re-read when it changes, so renewals need no restart.
    /// </summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key, when it is not in the <see cref="Certificate"/> file.</summary>
    public string? Key { get; set; }

    /// <summary>Opens the PKCS#12 file or an encrypted (PKCS#8) PEM key. Never logged nor echoed in errors.</summary>
    public string? Password { get; set; }

    /// <summary>Refuse mail transactions before STARTTLS (530 5.7.0). Only sensible when every client can do TLS.</summary>
    public bool RequireTls { get; set; }

    /// <summary>IP:port of an implicit-TLS listener (RFC 8314, port 465 style), e.g. <c>127.0.0.1:4650</c>; empty for none.</summary>
    public string? ImplicitListen { get; set; }

    /// <summary>How long a client may take over the TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The problems with these settings, each naming its key; loads the certificate to be sure it is usable.</summary>
    public IEnumerable<string> Validate()
    {
        var hasCertificate = !string.IsNullOrEmpty(Certificate);
        if (!hasCertificate)
        {
            if (RequireTls) yield return $"{Prefix}RequireTls: needs {Prefix}Certificate";
            if (!string.IsNullOrEmpty(ImplicitListen)) yield return $"{Prefix}ImplicitListen: needs {Prefix}Certificate";
            if (!string.IsNullOrEmpty(Key)) yield return $"{Prefix}Key: needs {Prefix}Certificate";
        }

        if (!string.IsNullOrEmpty(ImplicitListen) && !(IPEndPoint.TryParse(ImplicitListen, out var endPoint) && endPoint.Port > 0))
        {
            yield return $"{Prefix}ImplicitListen: '{ImplicitListen}' is not an IP:port endpoint (e.g. 127.0.0.1:4650)";
        }

        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            yield return $"{Prefix}HandshakeTimeout: must be a positive time span (e.g. 00:00:30)";
        }

        if (hasCertificate && LoadError() is { } error)
        {
            yield return error;
        }
    }

    private string? LoadError()
    {
        if (!File.Exists(Certificate)) return $"{Prefix}Certificate: '{Certificate}' does not exist";
        if (!string.IsNullOrEmpty(Key) && !File.Exists(Key)) return $"{Prefix}Key: '{Key}' does not exist";
        try
        {
            ServerCertificateLoader.Load(Certificate!, Key, Password).Dispose();
            return null;
        }
        catch (CertificateLoadException e)
        {
            var key = e.Path == Key ? "Key" : "Certificate";
            return $"{Prefix}{key}: '{e.Path}' cannot be loaded: {e.Reason}";
        }
    }
}
