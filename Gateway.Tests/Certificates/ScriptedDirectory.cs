using Gateway.Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Certificates;

/// <summary>
/// A directory whose contents and availability the test sets, counting the questions it is asked: the backend for unit
/// tests of what sits in front of a directory. The real one (slapd) is exercised by the LDAP integration tests.
/// </summary>
internal sealed class ScriptedDirectory(string name = "scripted") : ICertificateDirectory
{
    public List<X509Certificate> Certificates { get; } = [];

    public List<X509Crl> Crls { get; } = [];

    public bool Unavailable { get; set; }

    public int Questions { get; private set; }

    public string Name => name;

    public Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken)
    {
        Questions++;
        if (Unavailable) throw new CertificateDirectoryUnavailableException(name, "connection refused");
        return Task.FromResult<IReadOnlyList<X509Certificate>>([.. Certificates.Where(query.Matches)]);
    }

    public Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken)
    {
        Questions++;
        if (Unavailable) throw new CertificateDirectoryUnavailableException(name, "connection refused");
        return Task.FromResult<IReadOnlyList<X509Crl>>([.. Crls.Where(c => c.IssuerDN.Equivalent(issuer))]);
    }
}
