using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// Finds a certification path from a signer's certificate to a trust anchor and checks it at the validation time: the
/// RFC 5280 §6.1 checks that matter for an S/MIME signer, with the reason a check failed kept in words. Intermediate
/// certificates come from the SignedData and the certificate source; CRLs come from the trust anchors' CRL list. Name
/// constraints and policy constraints are not processed, so a certificate on the path that marks them critical is
/// refused rather than accepted unchecked.
/// </summary>
internal sealed class CertificatePathValidator(
    TrustAnchors anchors,
    IReadOnlyList<X509Certificate> carried,
    ISignerCertificateSource source,
    DateTimeOffset time,
    CertificatePurpose purpose = CertificatePurpose.Signing)
{
    // More than any PKI in use; bounds the search when certificates name each other in a loop.
    private const int MaxIntermediates = 8;

    // The certificates come from the sender: many certificates with one name and one key would otherwise make the
    // depth-first search try every ordering of them. A real path needs one check per certificate.
    private const int MaxSignatureChecks = 64;

    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    private static readonly Dictionary<string, string> ProcessedExtensions = new(StringComparer.Ordinal)
    {
        ["2.5.29.14"] = "subjectKeyIdentifier",
        ["2.5.29.15"] = "keyUsage",
        ["2.5.29.17"] = "subjectAltName",
        ["2.5.29.18"] = "issuerAltName",
        ["2.5.29.19"] = "basicConstraints",
        // With any policy acceptable and no explicit policy required, RFC 5280 §6.1 never fails on policies alone.
        ["2.5.29.32"] = "certificatePolicies",
        ["2.5.29.35"] = "authorityKeyIdentifier",
        ["2.5.29.37"] = "extKeyUsage",
        ["2.5.29.31"] = "cRLDistributionPoints",
        ["1.3.6.1.5.5.7.1.1"] = "authorityInfoAccess",
    };

    private static readonly Dictionary<string, string> UnprocessedNames = new(StringComparer.Ordinal)
    {
        ["2.5.29.30"] = "nameConstraints",
        ["2.5.29.33"] = "policyMappings",
        ["2.5.29.36"] = "policyConstraints",
        ["2.5.29.54"] = "inhibitAnyPolicy",
    };

    private readonly HashSet<X509Certificate> _dead = [];
    private string? _searchFailure;
    private int _searchFailureDepth = -1;
    private int _signatureChecks;

    /// <summary>The path, signer first and trust anchor last (one element when the signer's certificate is itself an anchor).</summary>
    public bool TryValidate(X509Certificate signer, [NotNullWhen(true)] out IReadOnlyList<X509Certificate>? path, [NotNullWhen(false)] out string? failure)
    {
        path = null;
        if (anchors.IsEmpty)
        {
            failure = "no trust anchors configured";
            return false;
        }
        var found = Search([signer]);
        if (found is null)
        {
            failure = _searchFailure ?? $"no path from {Describe(signer)} to a trust anchor";
            return false;
        }
        failure = CheckValidity(found) ?? CheckEndEntity(found[0]) ?? CheckIssuers(found) ?? CheckCriticalExtensions(found) ?? CheckRevocation(found);
        if (failure is not null)
        {
            return false;
        }
        path = found;
        return true;
    }

    /// <summary>Depth first, anchors before intermediates; the failure reported is the one met deepest down.</summary>
    private List<X509Certificate>? Search(List<X509Certificate> chain)
    {
        var certificate = chain[^1];
        if (anchors.Contains(certificate))
        {
            return chain;
        }
        if (_dead.Contains(certificate))
        {
            return null;
        }
        var issuerName = certificate.IssuerDN;
        var anyCandidate = false;
        foreach (var anchor in Preferred(anchors.FindBySubject(issuerName)))
        {
            anyCandidate = true;
            if (!Budget())
            {
                return null;
            }
            if (IsSignedBy(certificate, anchor, out var problem))
            {
                return [.. chain, anchor];
            }
            Fail(chain.Count, $"the signature on {Describe(certificate)} does not verify with the key of trust anchor {Describe(anchor)}{problem}");
        }

        if (chain.Count > MaxIntermediates)
        {
            Fail(chain.Count, string.Create(CultureInfo.InvariantCulture, $"no trust anchor within {MaxIntermediates} intermediate certificates of {Describe(chain[0])}"));
            return null;
        }
        foreach (var candidate in Preferred(carried.Where(c => c.SubjectDN.Equivalent(issuerName)).Concat(source.FindBySubject(issuerName)).Distinct()))
        {
            if (chain.Contains(candidate))
            {
                continue;
            }
            anyCandidate = true;
            if (!Budget())
            {
                return null;
            }
            if (!IsSignedBy(certificate, candidate, out var problem))
            {
                Fail(chain.Count, $"the signature on {Describe(certificate)} does not verify with the key of {Describe(candidate)}{problem}");
                continue;
            }
            if (Search([.. chain, candidate]) is { } path)
            {
                return path;
            }
        }

        if (!anyCandidate)
        {
            Fail(chain.Count, certificate.SubjectDN.Equivalent(issuerName)
                ? $"{Describe(certificate)} is self-signed and not a trust anchor"
                : $"the issuer {CertificateText.Name(issuerName)} of {Describe(certificate)} is neither a trust anchor nor among the available certificates");
        }
        // Any path on from here would run through a certificate already on the chain, which its own call explores:
        // this one is not worth a second visit.
        _dead.Add(certificate);
        return null;
    }

    /// <summary>
    /// Where a CA was renewed under the same name (and often the same key), both certificates verify: try the one valid at
    /// the validation time, and the newest, first, so that the path found is the one that passes the checks after it.
    /// </summary>
    private IEnumerable<X509Certificate> Preferred(IEnumerable<X509Certificate> candidates) =>
        candidates.OrderByDescending(c => CertificateText.Utc(c.NotBefore) <= time && time <= CertificateText.Utc(c.NotAfter)).ThenByDescending(c => c.NotAfter);

    private bool Budget()
    {
        if (++_signatureChecks <= MaxSignatureChecks)
        {
            return true;
        }
        _searchFailureDepth = int.MaxValue;
        _searchFailure = string.Create(CultureInfo.InvariantCulture, $"no path to a trust anchor found within {MaxSignatureChecks} certificate signature checks");
        return false;
    }

    private void Fail(int depth, string failure)
    {
        if (depth > _searchFailureDepth)
        {
            _searchFailureDepth = depth;
            _searchFailure = failure;
        }
    }

    /// <summary>RFC 5280 §6.1.3 (a)(2): every certificate, and here the anchor too, within its validity at the validation time.</summary>
    private string? CheckValidity(IReadOnlyList<X509Certificate> path)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var certificate = path[i];
            var role = i == path.Count - 1 && anchors.Contains(certificate) ? "trust anchor" : "certificate";
            var notBefore = CertificateText.Utc(certificate.NotBefore);
            var notAfter = CertificateText.Utc(certificate.NotAfter);
            if (time < notBefore)
            {
                return $"{role} {Describe(certificate)} is not valid before {CertificateText.Time(notBefore)} (validation time {CertificateText.Time(time)})";
            }
            if (time > notAfter)
            {
                return $"{role} {Describe(certificate)} expired on {CertificateText.Time(notAfter)} (validation time {CertificateText.Time(time)})";
            }
        }
        return null;
    }

    /// <summary>RFC 8550 §4.4.2 and §4.4.4: a signing key usage when keyUsage is present, emailProtection when extKeyUsage is.</summary>
    private string? CheckEndEntity(X509Certificate signer)
    {
        // A certificate's key usages never change and certificates are one instance per encoding (InternedCertificates,
        // the stores'): BouncyCastle parsed the extended key usage anew for every message.
        var uses = EndEntityUses.GetValue(signer, c => new EndEntityUse(CheckEndEntity(c, CertificatePurpose.Signing), CheckEndEntity(c, CertificatePurpose.Encryption)));
        return purpose == CertificatePurpose.Signing ? uses.ForSigning : uses.ForEncryption;
    }

    private static readonly ConditionalWeakTable<X509Certificate, EndEntityUse> EndEntityUses = new();

    private sealed record EndEntityUse(string? ForSigning, string? ForEncryption);

    private static string? CheckEndEntity(X509Certificate signer, CertificatePurpose purpose)
    {
        if (purpose == CertificatePurpose.Signing && signer.GetKeyUsage() is { } usage && !(Bit(usage, 0) || Bit(usage, 1)))
        {
            return $"the keyUsage of {Describe(signer)} allows neither digitalSignature nor nonRepudiation";
        }
        if (purpose == CertificatePurpose.Encryption && signer.GetKeyUsage() is { } uses && !(Bit(uses, 2) || Bit(uses, 4)))
        {
            return $"the keyUsage of {Describe(signer)} allows neither keyEncipherment nor keyAgreement";
        }
        if (signer.GetExtendedKeyUsage() is { Count: > 0 } purposes && !purposes.Any(p => p.Id is EmailProtection or AnyExtendedKeyUsage))
        {
            return $"the extKeyUsage of {Describe(signer)} does not include emailProtection";
        }
        return null;
    }

    /// <summary>RFC 5280 §6.1.4 (k), (l), (m), (n) for the intermediates (the anchor is trusted as configured).</summary>
    private string? CheckIssuers(IReadOnlyList<X509Certificate> path)
    {
        var last = anchors.Contains(path[^1]) ? path.Count - 1 : path.Count;
        for (var i = 1; i < last; i++)
        {
            var issuer = path[i];
            var pathLength = issuer.GetBasicConstraints();
            if (pathLength < 0)
            {
                return $"{Describe(issuer)} issued {Describe(path[i - 1])} but is not a CA (basicConstraints cA is not set)";
            }
            // Intermediates below this one; the signer does not count (RFC 5280 §4.2.1.9).
            if (i - 1 > pathLength)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Describe(issuer)} allows {pathLength} intermediate certificates below it (pathLenConstraint), the path has {i - 1}");
            }
            if (issuer.GetKeyUsage() is { } usage && !Bit(usage, 5))
            {
                return $"the keyUsage of {Describe(issuer)} does not allow keyCertSign";
            }
        }
        return null;
    }

    private string? CheckCriticalExtensions(IReadOnlyList<X509Certificate> path)
    {
        foreach (var certificate in path.Where(c => !anchors.Contains(c)))
        {
            foreach (var oid in certificate.GetCriticalExtensionOids() ?? new HashSet<string>())
            {
                if (!ProcessedExtensions.ContainsKey(oid))
                {
                    var name = UnprocessedNames.TryGetValue(oid, out var known) ? $"{oid} ({known})" : oid;
                    return $"{Describe(certificate)} has a critical extension the gateway does not process: {name}";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Every certificate below the anchor against the CRLs its issuer signed. A certificate without a CRL passes: the
    /// configured CRLs are the revocation information there is.
    /// </summary>
    private string? CheckRevocation(IReadOnlyList<X509Certificate> path)
    {
        for (var i = 0; i < path.Count - 1; i++)
        {
            var certificate = path[i];
            var issuer = path[i + 1];
            foreach (var crl in anchors.CrlsIssuedBy(issuer.SubjectDN))
            {
                if (CertificateText.Utc(crl.ThisUpdate) > time || !IsSignedBy(crl, issuer))
                {
                    continue;
                }
                if (crl.GetRevokedCertificate(certificate.SerialNumber) is not { } entry)
                {
                    continue;
                }
                var reason = ReasonCode(entry);
                var revoked = CertificateText.Utc(entry.RevocationDate);
                // removeFromCRL (a delta CRL's "no longer on hold") is not a revocation; a revocation dated after the
                // validation time had not happened yet.
                if (reason == Org.BouncyCastle.Asn1.X509.CrlReason.RemoveFromCrl || revoked > time)
                {
                    continue;
                }
                var why = reason is { } code ? $" ({CertificateText.CrlReason(code)})" : "";
                return $"{Describe(certificate)} (serial {CertificateText.Serial(certificate.SerialNumber)}) was revoked on {CertificateText.Time(revoked)}{why}, "
                    + $"according to the CRL of {Describe(issuer)} of {CertificateText.Time(CertificateText.Utc(crl.ThisUpdate))}";
            }
        }
        return null;
    }

    private static int? ReasonCode(X509CrlEntry entry) =>
        entry.GetExtensionValue(X509Extensions.ReasonCode) is { } value
            ? DerEnumerated.GetInstance(Asn1Object.FromByteArray(value.GetOctets())).IntValueExact
            : null;

    /// <param name="problem">Empty when the signature simply does not verify; else ": " and what stopped the check.</param>
    private static bool IsSignedBy(X509Certificate certificate, X509Certificate issuer, out string problem)
    {
        problem = "";
        // RFC 5280 §4.1.1.2: the unsigned and the signed statement of the algorithm must agree.
        if (!certificate.CertificateStructure.TbsCertificate.Signature.Equals(certificate.SignatureAlgorithm))
        {
            problem = ": its signature algorithm differs from the one in its tbsCertificate";
            return false;
        }
        if (!SignatureScheme.TryResolve(certificate.SignatureAlgorithm, null, out var scheme, out var error))
        {
            problem = $": {error}";
            return false;
        }
        if (KnownSignatures.TryVerify(scheme, certificate, issuer, out var unusable))
        {
            return true;
        }
        problem = unusable is null ? "" : $": {unusable}";
        return false;
    }

    private static bool IsSignedBy(X509Crl crl, X509Certificate issuer) =>
        crl.CertificateList.TbsCertList.Signature.Equals(crl.SignatureAlgorithm)
        && SignatureScheme.TryResolve(crl.SignatureAlgorithm, null, out var scheme, out _)
        && KnownSignatures.TryVerify(scheme, crl.SignatureAlgorithm, issuer.SubjectPublicKeyInfo, crl.GetTbsCertList(), crl.GetSignature(), out _);

    private static bool Bit(bool[] bits, int index) => index < bits.Length && bits[index];

    private static string Describe(X509Certificate certificate) => CertificateText.Subject(certificate);
}
