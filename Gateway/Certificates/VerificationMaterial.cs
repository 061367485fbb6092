using Gateway.Cms.Verification;

namespace Gateway.Certificates;

/// <summary>What the certificate service gathered for one verification.</summary>
/// <param name="Certificates">Signer and CA certificates the SignedData does not carry, found in the directories.</param>
/// <param name="TrustAnchors">The configured anchors with the CRLs now current for the issuers on the paths.</param>
/// <param name="Unavailable">When a certificate was needed and a directory could not be asked: why (the answer may be incomplete).</param>
/// <param name="Found">How many certificates came from the directories, for the audit record.</param>
public sealed record VerificationMaterial(ISignerCertificateSource Certificates, TrustAnchors TrustAnchors, string? Unavailable, int Found);
