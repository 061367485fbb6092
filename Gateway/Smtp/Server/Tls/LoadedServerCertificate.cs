using System.Security.Cryptography.X509Certificates;

namespace Gateway.Smtp.Server.Tls;

/// <summary>The server certificate with its private key, and the intermediates to send with it.</summary>
internal sealed class LoadedServerCertificate(X509Certificate2 certificate, X509Certificate2Collection intermediates) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2Collection Intermediates { get; } = intermediates;

    /// <summary>True when both carry the same certificates, i.e. a file was touched but not really changed.</summary>
    public bool SameAs(LoadedServerCertificate other) =>
        Certificate.Thumbprint == other.Certificate.Thumbprint
        && Intermediates.Select(c => c.Thumbprint).SequenceEqual(other.Intermediates.Select(c => c.Thumbprint));

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var intermediate in Intermediates)
        {
            intermediate.Dispose();
        }
    }
}
