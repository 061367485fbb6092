using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>An <see cref="ISignerCertificateSource"/> over a fixed set of certificates (configured, or fetched earlier).</summary>
public sealed class CertificateCollectionSource(IEnumerable<X509Certificate> certificates) : ISignerCertificateSource
{
    private readonly IReadOnlyList<X509Certificate> _certificates = [.. certificates];

    public static CertificateCollectionSource Empty { get; } = new([]);

    public IReadOnlyCollection<X509Certificate> Certificates => _certificates;

    public X509Certificate? Find(SignerID signer) => _certificates.FirstOrDefault(signer.Match);

    public IEnumerable<X509Certificate> FindBySubject(X509Name issuer) => _certificates.Where(c => c.SubjectDN.Equivalent(issuer));
}
