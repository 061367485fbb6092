using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// Several directories asked as one, in order (the local store before LDAP): the answers are merged without duplicates.
/// A member that is unavailable is passed over when another has the answer; when nothing was found and a member could
/// not be asked, the chain is unavailable — "nobody has it" cannot be said while one directory was not asked.
/// </summary>
public sealed class CertificateDirectoryChain(IReadOnlyList<ICertificateDirectory> members) : ICertificateDirectory
{
    public string Name => string.Join(", then ", members.Select(m => m.Name));

    public IReadOnlyList<ICertificateDirectory> Members => members;

    public Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken) =>
        AskAllAsync(m => m.FindAsync(query, cancellationToken));

    public Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken) =>
        AskAllAsync(m => m.FindCrlsAsync(issuer, cancellationToken));

    private async Task<IReadOnlyList<T>> AskAllAsync<T>(Func<ICertificateDirectory, Task<IReadOnlyList<T>>> ask)
    {
        var found = new List<T>();
        CertificateDirectoryUnavailableException? unavailable = null;
        foreach (var member in members)
        {
            try
            {
                found.AddRange(await ask(member));
            }
            catch (CertificateDirectoryUnavailableException e)
            {
                unavailable = e;
            }
        }
        if (found.Count == 0 && unavailable is not null) throw unavailable;
        return [.. found.Distinct()];
    }
}
