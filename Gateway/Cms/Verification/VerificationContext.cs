namespace Gateway.Cms.Verification;

/// <summary>What a verification is decided against: whom to trust, where else to find certificates, and when.</summary>
/// <param name="TrustAnchors">The operator's trusted certificates and CRLs; empty means nothing can be trusted.</param>
/// <param name="Certificates">Certificates a SignedData may not carry: signers' and intermediate CAs'.</param>
/// <param name="ValidationTime">
/// The time certificates must be valid and not revoked at; the caller's clock, normally now. The signingTime attribute is
/// the signer's claim and is not used for this.
/// </param>
public sealed record VerificationContext(TrustAnchors TrustAnchors, ISignerCertificateSource Certificates, DateTimeOffset ValidationTime)
{
    public VerificationContext(TrustAnchors trustAnchors, DateTimeOffset validationTime)
        : this(trustAnchors, CertificateCollectionSource.Empty, validationTime)
    {
    }
}
