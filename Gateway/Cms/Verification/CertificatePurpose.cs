namespace Gateway.Cms.Verification;

/// <summary>What the end certificate of a path is checked for: its keyUsage must allow it.</summary>
public enum CertificatePurpose
{
    /// <summary>digitalSignature or nonRepudiation: a signer.</summary>
    Signing,

    /// <summary>keyEncipherment or keyAgreement: a recipient the gateway encrypts to.</summary>
    Encryption,
}
