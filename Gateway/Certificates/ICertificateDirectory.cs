using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// Somewhere certificates and CRLs can be found: the local store, an LDAP directory, the cache in front of them.
/// A miss is an empty list; only a directory that cannot be asked at all throws
/// <see cref="CertificateDirectoryUnavailableException"/>, so callers can tell "nobody has it" from "ask again later".
/// </summary>
public interface ICertificateDirectory
{
    /// <summary>For logs and the CLI: "store /etc/gateway/certs", "ldap://127.0.0.1:3389/ou=pki,dc=example".</summary>
    string Name { get; }

    /// <summary>Certificates for which <see cref="CertificateQuery.Matches"/> holds (validity and revocation are the caller's).</summary>
    Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken);

    /// <summary>The CRLs this directory holds for <paramref name="issuer"/>.</summary>
    Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken);
}
