using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>A fixed set of certificates and CRLs read at start (the files <c>Gateway:Security:RecipientCertificates</c> names) as a directory.</summary>
public sealed class CertificateCollectionDirectory(string name, IEnumerable<X509Certificate> certificates, IEnumerable<X509Crl>? crls = null) : ICertificateDirectory
{
    private readonly IReadOnlyList<X509Certificate> _certificates = [.. certificates.Distinct()];
    private readonly IReadOnlyList<X509Crl> _crls = [.. (crls ?? []).Distinct()];

    public string Name => name;

    public IReadOnlyList<X509Certificate> Certificates => _certificates;

    public Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<X509Certificate>>([.. _certificates.Where(query.Matches)]);

    public Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<X509Crl>>([.. _crls.Where(c => c.IssuerDN.Equivalent(issuer))]);
}
