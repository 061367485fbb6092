using Gateway.Cms.Verification;
using Gateway.X400;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// Recipients' certificates for encryption, found by the x400Address in their subjectAltName (RFC 3854 §4.3), from
/// the files <c>Gateway:Security:RecipientCertificates</c> names. The certificate service (LDAP, cache, revocation)
/// will stand behind the same question.
/// </summary>
public sealed class RecipientCertificates(IReadOnlyList<X509Certificate> certificates)
{
    public static readonly RecipientCertificates None = new([]);

    public static RecipientCertificates Load(IEnumerable<string> paths) => new(TrustAnchorFiles.Load(paths).Certificates);

    /// <summary>The certificate for an O/R address, valid at <paramref name="at"/>; null when there is none.</summary>
    public X509Certificate? Find(OrAddress address, DateTimeOffset at) =>
        certificates.FirstOrDefault(c => c.IsValid(at.UtcDateTime) && CertificateNames.OrAddressesOf(c).Any(a => string.Equals(a.ToString(), address.ToString(), StringComparison.OrdinalIgnoreCase)));
}
