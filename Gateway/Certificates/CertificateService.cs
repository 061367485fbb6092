using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.X400;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// The certificate retrieval RFC 3854 §4.2 asks of a receiving agent, for the message path: it gathers what a
/// verification needs beyond the SignedData (the signer's certificate by its identifier, the CAs above it, the current
/// CRLs), finds the certificate to encrypt to for an O/R address, keeps (harvests) certificates that verified, and
/// rebuilds the chain a certificate-free SignedData left behind. Revoked certificates are refused and evicted from the
/// cache. Asking is async and may leave the machine (LDAP); verification itself stays pure and is handed the result.
/// </summary>
public sealed partial class CertificateService(
    ICertificateDirectory directory,
    RevocationLists revocation,
    TrustAnchors anchors,
    CachingCertificateDirectory? cache,
    LocalCertificateStore store,
    bool harvest,
    ILogger<CertificateService> logger)
{
    /// <summary>CAs followed above a certificate before giving up (the verifier's own bound is the same).</summary>
    public const int MaxPathLength = 8;

    public ICertificateDirectory Directory => directory;

    public TrustAnchors Anchors => anchors;

    /// <summary>What the cache in front of the directory has done; null without LDAP.</summary>
    public CacheStatistics? CacheStatistics => cache?.Statistics;

    /// <summary>The local store: asked first, written by harvest and by `cert import`.</summary>
    public LocalCertificateStore Store => store;

    private ILogger Logger => logger;

    /// <summary>A service over fixed certificates, no directory: for tools and tests.</summary>
    public static CertificateService Over(IEnumerable<X509Certificate> certificates, TrustAnchors? anchors = null, TimeProvider? time = null)
    {
        var collection = new CertificateCollectionDirectory("certificates", certificates);
        var clock = time ?? TimeProvider.System;
        var trust = anchors ?? TrustAnchors.Empty;
        return new CertificateService(collection, new RevocationLists(collection, trust.Crls, clock, TimeSpan.FromMinutes(5)), trust, null,
            new LocalCertificateStore(Path.Combine(Path.GetTempPath(), "cms-x400-gateway-no-store")), harvest: false, NullLogger<CertificateService>.Instance);
    }

    /// <summary>The trust anchors and nothing looked up: for an object that cannot be read, which the verifier refuses whatever it is given.</summary>
    public VerificationMaterial AnchorsOnly => new(CertificateCollectionSource.Empty, anchors, null, 0);

    public Task<VerificationMaterial> ForVerificationAsync(ReadOnlyMemory<byte> cms, CancellationToken cancellationToken)
    {
        SignedDataParts signed;
        try
        {
            signed = SignedDataParts.Read(cms);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return Task.FromResult(AnchorsOnly); // the verifier says what is wrong with it
        }
        return ForVerificationAsync(signed, cancellationToken);
    }

    /// <summary>As above, for a SignedData the caller has read already.</summary>
    public async Task<VerificationMaterial> ForVerificationAsync(SignedDataParts signed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var carried = signed.Certificates;
        var lookup = new Lookup(this);
        var ends = new List<X509Certificate>();
        foreach (var signer in signed.Signers)
        {
            if (carried.FirstOrDefault(signer.Id.Match) is { } present)
            {
                ends.Add(present);
                continue;
            }
            if ((await lookup.FindAsync(CertificateQuery.ForSigner(signer.Id), cancellationToken)).FirstOrDefault() is { } found) ends.Add(found);
        }
        return await MaterialAsync(ends, carried, lookup, cancellationToken);
    }

    /// <summary>What checking one certificate's path needs: the CAs above it from the directories and the current CRLs.</summary>
    public Task<VerificationMaterial> ForCertificateAsync(X509Certificate certificate, CancellationToken cancellationToken) =>
        MaterialAsync([certificate], [], new Lookup(this), cancellationToken);

    private async Task<VerificationMaterial> MaterialAsync(IReadOnlyList<X509Certificate> ends, IReadOnlyList<X509Certificate> carried, Lookup lookup,
        CancellationToken cancellationToken)
    {
        var crls = new List<X509Crl>();
        var known = new List<X509Certificate>(carried);
        foreach (var end in ends)
        {
            foreach (var (certificate, issuer) in await PathAsync(end, known, lookup, cancellationToken))
            {
                crls.AddRange(await revocation.ForIssuerAsync(certificate.IssuerDN, cancellationToken));
                if (issuer is not null && lookup.Fetched.Contains(certificate)) await EvictIfRevokedAsync(certificate, issuer, cancellationToken);
            }
        }
        return new VerificationMaterial(new CertificateCollectionSource(lookup.Fetched), TrustAnchors.Create(anchors.Certificates, anchors.Crls.Concat(crls)),
            lookup.Unavailable, lookup.Fetched.Count);
    }

    /// <summary>The certificate to encrypt to for <paramref name="address"/> at <paramref name="at"/>.</summary>
    public async Task<RecipientLookup> ForRecipientAsync(OrAddress address, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var lookup = new Lookup(this);
        var found = await lookup.FindAsync(CertificateQuery.ForOrAddress(address), cancellationToken);
        if (found.Count == 0) return new RecipientLookup(null, lookup.Unavailable);
        var reasons = new List<string>();
        var usable = new List<X509Certificate>();
        foreach (var certificate in found)
        {
            if (!certificate.IsValid(at.UtcDateTime))
            {
                reasons.Add($"{certificate.SubjectDN} is not valid now (from {certificate.NotBefore:u} to {certificate.NotAfter:u})");
                continue;
            }
            var issuer = anchors.Certificates.FirstOrDefault(a => a.SubjectDN.Equivalent(certificate.IssuerDN))
                ?? (await lookup.FindAsync(CertificateQuery.ForSubject(certificate.IssuerDN), cancellationToken)).FirstOrDefault();
            if (issuer is not null && await EvictIfRevokedAsync(certificate, issuer, cancellationToken))
            {
                reasons.Add($"{certificate.SubjectDN} (serial {certificate.SerialNumber.ToString(16)}) is revoked");
                continue;
            }
            if (!anchors.IsEmpty && await PathFailureAsync(certificate, at, cancellationToken) is { } failure)
            {
                reasons.Add(failure);
                continue;
            }
            usable.Add(certificate);
        }
        return usable.Count > 0
            ? new RecipientLookup(usable.MaxBy(c => c.NotBefore))
            : new RecipientLookup(null, Refused: string.Join("; ", reasons));
    }

    /// <summary>
    /// Why a recipient certificate cannot be encrypted to when trust anchors are configured: no valid path to one, or a
    /// keyUsage that allows neither keyEncipherment nor keyAgreement. Without anchors the operator's files are trusted as
    /// they are. Null when it is fine.
    /// </summary>
    private async Task<string?> PathFailureAsync(X509Certificate certificate, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var material = await ForCertificateAsync(certificate, cancellationToken);
        return CertificateCheck.TryValidate(certificate, new VerificationContext(material.TrustAnchors, material.Certificates, at), CertificatePurpose.Encryption,
            out _, out var failure)
            ? null
            : failure;
    }

    /// <summary>
    /// Keeps the certificates of signers that verified (valid: the path reached a trust anchor) and the CA certificates
    /// the SignedData carried for them, in the harvest store. Returns how many were new.
    /// </summary>
    public int Harvest(ReadOnlyMemory<byte> cms, SignatureVerification verification)
    {
        if (!harvest || verification.Status != SignatureStatus.Valid) return 0;
        SignedDataParts signed;
        try
        {
            signed = SignedDataParts.Read(cms);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return 0;
        }
        return Harvest(signed, verification);
    }

    /// <summary>As above, for a SignedData the caller has read already.</summary>
    public int Harvest(SignedDataParts signed, SignatureVerification verification)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(verification);
        if (!harvest || verification.Status != SignatureStatus.Valid) return 0;
        var carried = signed.Certificates;
        var added = 0;
        foreach (var signer in verification.Signers.Where(s => s.Status == SignatureStatus.Valid && s.Certificate is not null))
        {
            // Only what the SignedData carried: a certificate that came from a directory is already kept there.
            var certificate = carried.FirstOrDefault(c => c.Equals(signer.Certificate));
            for (var depth = 0; certificate is not null && depth <= MaxPathLength; depth++)
            {
                if (anchors.Certificates.Contains(certificate)) break;
                if (store.Add(certificate) is { } file)
                {
                    added++;
                    LogHarvested(logger, certificate.SubjectDN.ToString(), file);
                }
                var current = certificate;
                certificate = IsSelfIssued(current) ? null : carried.FirstOrDefault(c => c.SubjectDN.Equivalent(current.IssuerDN));
            }
        }
        return added;
    }

    /// <summary>
    /// The signer's certificate and the CAs above it short of the trust anchor, from the directories: what a
    /// certificate-free SignedData needs put back so a receiver without a directory can verify it.
    /// </summary>
    public async Task<(IReadOnlyList<X509Certificate> Chain, string? Unavailable)> ChainForAsync(SignerID signer, CancellationToken cancellationToken)
    {
        var lookup = new Lookup(this);
        if ((await lookup.FindAsync(CertificateQuery.ForSigner(signer), cancellationToken)).FirstOrDefault() is not { } certificate) return ([], lookup.Unavailable);
        var path = await PathAsync(certificate, [], lookup, cancellationToken);
        return ([.. path.Select(p => p.Certificate).Where(c => !anchors.Certificates.Contains(c))], lookup.Unavailable);
    }

    /// <summary>The certificate and the CAs above it, each with its issuer's certificate when known, up to an anchor or a self-issued CA.</summary>
    private async Task<List<(X509Certificate Certificate, X509Certificate? Issuer)>> PathAsync(X509Certificate end, List<X509Certificate> known, Lookup lookup,
        CancellationToken cancellationToken)
    {
        var path = new List<(X509Certificate, X509Certificate?)>();
        var certificate = end;
        for (var depth = 0; certificate is not null && depth <= MaxPathLength; depth++)
        {
            var current = certificate;
            var anchor = anchors.Certificates.FirstOrDefault(a => a.SubjectDN.Equivalent(current.IssuerDN));
            if (anchor is not null || IsSelfIssued(current))
            {
                path.Add((current, anchor ?? current));
                break;
            }
            var issuer = known.FirstOrDefault(k => k.SubjectDN.Equivalent(current.IssuerDN));
            if (issuer is null)
            {
                var found = await lookup.FindAsync(CertificateQuery.ForSubject(current.IssuerDN), cancellationToken);
                known.AddRange(found);
                issuer = found.FirstOrDefault();
            }
            path.Add((current, issuer));
            certificate = issuer;
        }
        return path;
    }

    private async Task<bool> EvictIfRevokedAsync(X509Certificate certificate, X509Certificate issuer, CancellationToken cancellationToken)
    {
        if (await revocation.IsRevokedAsync(certificate, issuer, cancellationToken) != true) return false;
        var evicted = cache?.Evict(certificate) ?? 0;
        LogRevoked(logger, certificate.SubjectDN.ToString(), certificate.SerialNumber.ToString(16), evicted);
        return true;
    }

    private static bool IsSelfIssued(X509Certificate certificate) => certificate.SubjectDN.Equivalent(certificate.IssuerDN);

    /// <summary>One operation's questions: what the directories gave, and whether one could not be asked.</summary>
    private sealed class Lookup(CertificateService service)
    {
        public List<X509Certificate> Fetched { get; } = [];

        public string? Unavailable { get; private set; }

        public async Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken)
        {
            try
            {
                var found = await service.Directory.FindAsync(query, cancellationToken);
                Fetched.AddRange(found.Except(Fetched));
                return found;
            }
            catch (CertificateDirectoryUnavailableException e)
            {
                Unavailable ??= e.Message;
                LogUnavailable(service.Logger, query.Key, e.Message);
                return [];
            }
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "certificate harvested: subject={Subject} file={File}")]
    private static partial void LogHarvested(ILogger logger, string subject, string file);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "certificate revoked: subject={Subject} serial={Serial}; evicted from {Answers} cached answers")]
    private static partial void LogRevoked(ILogger logger, string subject, string serial, int answers);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "certificate directory unavailable for {Query}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string query, string reason);
}
