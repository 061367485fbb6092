using Gateway.Certificates;
using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.X400;

namespace Gateway.Relay;

/// <summary>
/// Applies a route's verification to a CMS object: the signature (outermost SignedData), then the RFC 3854 §4.3
/// originator check — the signer certificate's x400Address against the originator in the IPM heading, when the
/// signed content is an IPM the gateway can read.
/// The certificates the SignedData does not carry, the CAs above them and the current CRLs come from the certificate
/// service first; certificates that verified are harvested into the store.
/// </summary>
public sealed class SecurityCheck(SignatureVerifier verifier, CertificateService certificates, TimeProvider time)
{
    public async Task<SecurityFindings> CheckAsync(ReadOnlyMemory<byte> cms, CmsInspection inspection, SecurityRoute route, CancellationToken cancellationToken)
    {
        if (!route.Verify) return SecurityFindings.NotChecked with { Reason = $"route {route.Name} does not verify" };
        if (inspection.OuterLayer != CmsLayer.SignedData)
        {
            return SecurityFindings.NotChecked with { Reason = $"the outer layer is {inspection.OuterLayer ?? "not CMS"}: no signature is visible" };
        }
        // Read once for the three steps, and only after the inspector's bounded walk has passed it.
        SignedDataParts? signed = null;
        try
        {
            if (inspection.IsValid) signed = SignedDataParts.Read(cms);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            signed = null; // the verifier says what is wrong with it
        }
        // Unreadable (or not passed by the inspector): nothing to look up for it, and no second attempt at reading it.
        var material = signed is null ? certificates.AnchorsOnly : await certificates.ForVerificationAsync(signed, cancellationToken);
        var verification = verifier.Verify(cms, new VerificationContext(material.TrustAnchors, material.Certificates, time.GetUtcNow()), signed, inspection);
        var harvested = signed is null ? 0 : certificates.Harvest(signed, verification);
        var findings = new SecurityFindings
        {
            Signature = verification.Status,
            Reason = verification.Reason + Notes(material, harvested, verification.Status),
            DirectoryUnavailable = verification.Status == SignatureStatus.NoCertificate ? material.Unavailable : null,
            Signers = [.. verification.Signers.Select(s => s.Subject ?? s.Identifier)],
            Algorithms = [.. verification.Signers.Select(s => $"{s.DigestAlgorithm.Display}/{s.SignatureAlgorithm.Display}")],
            UnknownSignedAttributes = [.. verification.Signers.SelectMany(s => s.UnknownSignedAttributes).Distinct()],
        };
        return findings with { OriginatorMatch = OriginatorMatches(verification, out var detail), OriginatorDetail = detail };
    }

    private static string Notes(VerificationMaterial material, int harvested, SignatureStatus status)
    {
        var notes = "";
        if (material.Found > 0) notes += $"; {material.Found} certificate{(material.Found == 1 ? "" : "s")} looked up in the certificate store or directory";
        if (harvested > 0) notes += $"; {harvested} certificate{(harvested == 1 ? "" : "s")} harvested";
        if (material.Unavailable is { } unavailable && status == SignatureStatus.NoCertificate) notes += $"; {unavailable}";
        return notes;
    }

    private static bool? OriginatorMatches(SignatureVerification verification, out string? detail)
    {
        detail = null;
        var signer = verification.Signers.FirstOrDefault(s => s.Certificate is not null);
        if (signer is null || verification.EContentType is not ("2.6.1.10.0" or X400Oids.InterpersonalMessaging1988)) return null;
        if (!IpmHeadingReader.TryRead(verification.Content, out var heading, out _) || heading.Originator?.FormalName is not { } originator)
        {
            return null;
        }
        var claimed = originator.Address;
        if (signer.X400Addresses.Count == 0)
        {
            detail = $"originator {claimed}; the signer certificate has no x400Address";
            return false;
        }
        // X.400 compares attribute values without regard to case; the text forms are canonical, so comparing them does that.
        var match = signer.X400Addresses.Any(a => string.Equals(a.ToString(), claimed.ToString(), StringComparison.OrdinalIgnoreCase));
        detail = match
            ? $"originator {claimed} is in the signer certificate"
            : $"originator {claimed} is not in the signer certificate ({string.Join(", ", signer.X400Addresses)})";
        return match;
    }
}
