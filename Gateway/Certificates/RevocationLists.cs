using System.Runtime.CompilerServices;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// The CRLs revocation is decided by: those configured as files (with the trust anchors, or in the local store) and
/// those the directory publishes (<c>certificateRevocationList;binary</c>). A directory CRL is fetched when first needed
/// and fetched again once its nextUpdate has passed (an issuer that publishes none, or whose CRL is overdue, is asked again after the recheck interval);
/// while the directory is unavailable the CRLs held are used. Of several CRLs from one issuer the newest (thisUpdate, then
/// cRLNumber) counts. A CRL is believed only when its signature verifies with its issuer's key.
/// </summary>
/// <param name="recheck">How soon an issuer without a published CRL, or with one past its nextUpdate, is asked again.</param>
public sealed class RevocationLists(ICertificateDirectory directory, IReadOnlyList<X509Crl> configured, TimeProvider time, TimeSpan recheck)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Fetched> _fetched = new(StringComparer.Ordinal);

    // The issuer's name as text, per name instance: certificates are one instance per encoding, so the usual issuers'
    // names are not rendered and lower-cased again for every message.
    private static readonly ConditionalWeakTable<X509Name, string> Keys = [];

    /// <summary>The CRLs for an issuer: the newest configured or published one.</summary>
    public async Task<IReadOnlyList<X509Crl>> ForIssuerAsync(X509Name issuer, CancellationToken cancellationToken)
    {
        var key = Keys.GetValue(issuer, static name => name.ToString().ToLowerInvariant());
        var now = time.GetUtcNow();
        Fetched? held;
        lock (_gate) _fetched.TryGetValue(key, out held);
        if (held is null || held.RefreshAt <= now)
        {
            try
            {
                var published = await directory.FindCrlsAsync(issuer, cancellationToken);
                held = new Fetched(published, RefreshTime(published, now));
                lock (_gate) _fetched[key] = held;
            }
            catch (CertificateDirectoryUnavailableException) when (held is not null)
            {
                // Keep what is held; ask again on the next use.
            }
            catch (CertificateDirectoryUnavailableException)
            {
                held = new Fetched([], now); // nothing held: the next use asks again
            }
        }
        var candidates = configured.Where(c => c.IssuerDN.Equivalent(issuer)).Concat(held.Crls).Distinct().ToList();
        // Newest first by thisUpdate, then by cRLNumber (two CRLs can share a second), then the later one listed.
        return candidates.Count == 0 ? [] : [candidates.Select((crl, index) => (crl, index)).OrderBy(c => c.crl.ThisUpdate).ThenBy(c => CrlNumber(c.crl)).ThenBy(c => c.index).Last().crl];
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> is on its issuer's CRL, checked with <paramref name="issuerCertificate"/>'s
    /// key; null when there is no CRL that verifies (revocation unknown).
    /// </summary>
    public async Task<bool?> IsRevokedAsync(X509Certificate certificate, X509Certificate issuerCertificate, CancellationToken cancellationToken)
    {
        foreach (var crl in await ForIssuerAsync(certificate.IssuerDN, cancellationToken))
        {
            try
            {
                crl.Verify(issuerCertificate.GetPublicKey());
            }
            catch (Exception e) when (e is Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException
                                          or Org.BouncyCastle.Security.Certificates.CrlException or ArgumentException or InvalidOperationException)
            {
                continue;
            }
            return crl.IsRevoked(certificate);
        }
        return null;
    }

    private static Org.BouncyCastle.Math.BigInteger CrlNumber(X509Crl crl) =>
        crl.GetExtensionValue(X509Extensions.CrlNumber) is { } number
            ? Org.BouncyCastle.Asn1.DerInteger.GetInstance(Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.FromExtensionValue(number)).Value
            : Org.BouncyCastle.Math.BigInteger.Zero;

    private DateTimeOffset RefreshTime(IReadOnlyList<X509Crl> crls, DateTimeOffset now)
    {
        var next = crls.Select(c => c.NextUpdate?.ToUniversalTime()).Where(n => n is not null).Select(n => new DateTimeOffset(n!.Value, TimeSpan.Zero)).ToList();
        return next.Count > 0 && next.Min() > now ? next.Min() : now + recheck;
    }

    private sealed record Fetched(IReadOnlyList<X509Crl> Crls, DateTimeOffset RefreshAt);
}
