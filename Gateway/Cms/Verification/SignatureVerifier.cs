using System.Globalization;
using System.Security.Cryptography;
using Gateway.X400;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// Verifies the outermost SignedData of a CMS object (RFC 5652 §5.6, with RFC 3854 §2's options): every SignerInfo's
/// algorithms and signed attributes, its signature, and a certification path from its certificate to a trust anchor.
/// BouncyCastle reads the structures; the checks and their order are the gateway's, so that each refusal says which
/// rule failed. Never throws for any input: a malformed object is <see cref="SignatureStatus.Invalid"/> with the reason.
/// Nested layers in the content are not verified here: the caller verifies the content again if it is SignedData.
/// </summary>
public sealed class SignatureVerifier(CmsInspectionLimits? limits = null)
{
    /// <summary>
    /// SignerInfos verified in one SignedData. Each costs a signature check and a path search, and the sender decides
    /// how many there are; real messages have one or two.
    /// </summary>
    public const int MaxSigners = 16;

    private readonly CmsInspectionLimits _limits = limits ?? CmsInspectionLimits.Default;

    /// <param name="parts">The SignedData's parts when the caller has read them already (see <see cref="SignedDataParts"/>).</param>
    /// <param name="inspection">The inspector's walk of <paramref name="contentInfoDer"/> with this verifier's limits, when the caller has made it.</param>
    public SignatureVerification Verify(ReadOnlyMemory<byte> contentInfoDer, VerificationContext context, SignedDataParts? parts = null,
        CmsInspection? inspection = null)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The inspector's bounded walk first: the readers below have no depth limit of their own inside certificates
        // and attributes, and the inspector's wording for a broken structure is the one the audit log already uses. A
        // failure inside a nested layer does not concern the outer signature.
        inspection ??= CmsInspector.Inspect(contentInfoDer, _limits);
        if (inspection.LayerDetails is not [var outer, ..] || !outer.IsComplete)
        {
            return Refused(inspection.Error ?? "not a CMS object");
        }
        if (outer.Kind != CmsLayer.SignedData)
        {
            return Refused($"not signed: the outermost layer is {outer.Kind}, not signedData");
        }

        try
        {
            parts ??= SignedDataParts.Read(contentInfoDer);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return Refused($"malformed SignedData: {BouncyCastleFailures.Describe(e)}");
        }
        var eContentType = parts.EContentType;
        var content = parts.EContent;
        var signers = parts.Signers;
        var carried = parts.Certificates;

        if (signers.Count == 0)
        {
            return Refused("the SignedData has no SignerInfo (a certificates-only SignedData signs nothing)", eContentType, content);
        }
        if (signers.Count > MaxSigners)
        {
            return Refused(string.Create(CultureInfo.InvariantCulture, $"the SignedData has {signers.Count} SignerInfos; the gateway verifies at most {MaxSigners}"), eContentType, content);
        }
        if (content is null)
        {
            return Refused("the SignedData has no eContent (a detached signature); RFC 3854 §3.2 puts the X.400 content inside", eContentType);
        }

        var results = new List<SignerVerification>(signers.Count);
        for (var i = 0; i < signers.Count; i++)
        {
            var inspected = i < outer.Signers.Count ? outer.Signers[i] : null;
            results.Add(VerifySigner(signers[i], inspected, eContentType, content.Value, carried, context));
        }
        return Combine(results, eContentType, content.Value);
    }

    private static SignatureVerification Refused(string reason, string? eContentType = null, ReadOnlyMemory<byte>? content = null) => new()
    {
        Status = SignatureStatus.Invalid,
        Reason = reason,
        EContentType = eContentType,
        Content = content ?? ReadOnlyMemory<byte>.Empty,
    };

    private static readonly SignatureStatus[] Severity = [SignatureStatus.Invalid, SignatureStatus.NoCertificate, SignatureStatus.Untrusted];

    /// <summary>Invalid before NoCertificate (nothing checked) before Untrusted (checked, not trusted) before Valid.</summary>
    private static SignatureVerification Combine(List<SignerVerification> signers, string eContentType, ReadOnlyMemory<byte> content)
    {
        var status = SignatureStatus.Valid;
        foreach (var severity in Severity)
        {
            if (signers.Exists(r => r.Status == severity))
            {
                status = severity;
                break;
            }
        }
        string reason;
        if (signers.Count == 1)
        {
            reason = signers[0].Reason;
        }
        else if (status == SignatureStatus.Valid)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"all {signers.Count} signatures verified: {string.Join("; ", signers.Select(s => s.Subject))}");
        }
        else
        {
            var index = signers.FindIndex(s => s.Status == status);
            var who = signers[index].Subject ?? signers[index].Identifier;
            reason = string.Create(CultureInfo.InvariantCulture, $"signer {index + 1} of {signers.Count} ({who}): {signers[index].Reason}");
        }
        return new SignatureVerification
        {
            Status = status,
            Reason = reason,
            EContentType = eContentType,
            Content = content,
            Signers = signers,
        };
    }

    private static SignerVerification VerifySigner(
        SignedDataSigner signer,
        CmsSigner? inspected,
        string eContentType,
        ReadOnlyMemory<byte> content,
        IReadOnlyList<X509Certificate> carried,
        VerificationContext context)
    {
        var result = new SignerVerification
        {
            Status = SignatureStatus.Invalid,
            Reason = "",
            Identifier = inspected?.Identifier ?? "",
            DigestAlgorithm = inspected?.DigestAlgorithm ?? CmsAlgorithm.FromOid(signer.DigestAlgorithm.Algorithm.Id),
            SignatureAlgorithm = inspected?.SignatureAlgorithm ?? CmsAlgorithm.FromOid(signer.SignatureAlgorithm.Algorithm.Id),
        };
        try
        {
            return VerifySigner(signer, result, eContentType, content, carried, context);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return result with { Status = SignatureStatus.Invalid, Reason = $"malformed SignerInfo: {BouncyCastleFailures.Describe(e)}" };
        }
    }

    private static SignerVerification VerifySigner(
        SignedDataSigner signer,
        SignerVerification result,
        string eContentType,
        ReadOnlyMemory<byte> content,
        IReadOnlyList<X509Certificate> carried,
        VerificationContext context)
    {
        // What can be refused without a certificate comes first: a broken SignerInfo is invalid whoever signed it.
        if (!Digest.TryFrom(signer.DigestAlgorithm, "digestAlgorithm", out var digest, out var error)
            || !SignatureScheme.TryResolve(signer.SignatureAlgorithm, digest, out var scheme, out error))
        {
            return Invalid(result, error);
        }

        SignedAttributes? attributes = null;
        ReadOnlyMemory<byte> signed;
        if (signer.SignedAttributes is { } attributeSet)
        {
            if (!SignedAttributes.TryRead(attributeSet, eContentType, out attributes, out error))
            {
                return Invalid(result, error);
            }
            result = result with { SigningTime = attributes.SigningTime, UnknownSignedAttributes = attributes.Unknown };
            if (!CryptographicOperations.FixedTimeEquals(digest.Compute(content), attributes.MessageDigest))
            {
                return Invalid(result, $"messageDigest does not match the {digest.Name} digest of the content: the content is not what was signed");
            }
            if (attributes.AlgorithmProtection is { } protection && !ProtectionMatches(protection, signer, out error))
            {
                return Invalid(result, error);
            }
            // RFC 5652 §5.4: the signature covers the DER encoding of the attributes under an explicit SET OF tag.
            signed = signer.EncodedSignedAttributes();
        }
        else if (eContentType != CmsInspector.IdData)
        {
            // Without signed attributes nothing covers eContentType, and for X.400 content the type is what says how
            // to read the octets.
            return Invalid(result, $"no signed attributes, but eContentType is {CmsOidNames.Describe(eContentType)}: RFC 5652 §5.3 requires them for any type but id-data, so that the type is signed");
        }
        else
        {
            signed = content;
        }

        var certificate = carried.FirstOrDefault(signer.Id.Match) ?? context.Certificates.Find(signer.Id);
        if (certificate is null)
        {
            return result with
            {
                Status = SignatureStatus.NoCertificate,
                Reason = $"no certificate for the signer {result.Identifier} in the SignedData or the certificate source",
            };
        }
        result = WithCertificate(result, certificate, out var addressProblem);
        var subject = result.Subject;

        if (!SignatureCheck.TryVerify(scheme, certificate.SubjectPublicKeyInfo, signed.Span, signer.Signature, out var unusable))
        {
            return Invalid(result, unusable is null
                ? $"the {result.SignatureAlgorithm.Display} signature does not verify with the public key of {subject}"
                : $"the {result.SignatureAlgorithm.Display} signature cannot be checked with the certificate of {subject}: {unusable}");
        }
        if (attributes is not null && !SigningCertificateCheck.TryMatch(attributes, certificate, out error))
        {
            return Invalid(result, error);
        }

        var validator = new CertificatePathValidator(context.TrustAnchors, carried, context.Certificates, context.ValidationTime);
        if (!validator.TryValidate(certificate, out var path, out var failure))
        {
            return result with { Status = SignatureStatus.Untrusted, Reason = $"signature verified, but {failure}" };
        }
        var anchor = SignerCertificateFacts.Of(path[^1]).Subject;
        var chain = path.Count == 1 ? "a trust anchor itself" : $"issued under trust anchor {anchor}";
        return result with
        {
            Status = SignatureStatus.Valid,
            Reason = $"signature by {subject}, {chain}, verified{addressProblem}",
        };
    }

    private static SignerVerification Invalid(SignerVerification result, string reason) =>
        result with { Status = SignatureStatus.Invalid, Reason = reason };

    private static SignerVerification WithCertificate(SignerVerification result, X509Certificate certificate, out string addressProblem)
    {
        var facts = SignerCertificateFacts.Of(certificate);
        addressProblem = facts.AddressProblem;
        return result with
        {
            Certificate = certificate,
            Subject = facts.Subject,
            Issuer = facts.Issuer,
            SerialNumber = facts.SerialNumber,
            SubjectKeyIdentifier = facts.SubjectKeyIdentifier,
            X400Addresses = facts.X400Addresses,
        };
    }

    /// <summary>RFC 6211 §3: the protected algorithm identifiers must be those the SignerInfo states.</summary>
    private static bool ProtectionMatches(Org.BouncyCastle.Asn1.Cms.CmsAlgorithmProtection protection, SignedDataSigner signer, out string error)
    {
        error = "";
        if (protection.MacAlgorithm is not null || protection.SignatureAlgorithm is null)
        {
            error = "cmsAlgorithmProtect names a MAC algorithm in a SignerInfo";
            return false;
        }
        if (!SameAlgorithm(protection.DigestAlgorithm, signer.DigestAlgorithm))
        {
            error = $"cmsAlgorithmProtect's digestAlgorithm {CmsOidNames.Describe(protection.DigestAlgorithm.Algorithm.Id)} differs from the SignerInfo's";
            return false;
        }
        if (!SameAlgorithm(protection.SignatureAlgorithm, signer.SignatureAlgorithm))
        {
            error = $"cmsAlgorithmProtect's signatureAlgorithm {CmsOidNames.Describe(protection.SignatureAlgorithm.Algorithm.Id)} differs from the SignerInfo's";
            return false;
        }
        return true;
    }

    // Absent and NULL parameters say the same; anything else must be equal as encoded.
    private static bool SameAlgorithm(AlgorithmIdentifier a, AlgorithmIdentifier b) =>
        a.Algorithm.Equals(b.Algorithm)
        && (Digest.IsAbsentOrNull(a.Parameters) && Digest.IsAbsentOrNull(b.Parameters)
            || (a.Parameters?.ToAsn1Object().Equals(b.Parameters?.ToAsn1Object()) ?? false));
}
