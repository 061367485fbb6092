namespace Gateway.Cms.Verification;

/// <summary>What verification concluded about a SignedData or one of its signers; the audit log's <c>signature</c> field.</summary>
public enum SignatureStatus
{
    /// <summary>Every signature is correct and its certificate chains to a trust anchor at the validation time.</summary>
    Valid,

    /// <summary>A signature, its signed attributes or the CMS structure is wrong: the content cannot be relied on.</summary>
    Invalid,

    /// <summary>The signatures are correct, but a certificate does not lead to a trust anchor (expired, revoked, unknown issuer, …).</summary>
    Untrusted,

    /// <summary>No certificate was found for a signer, so its signature could not be checked.</summary>
    NoCertificate,

    /// <summary>No verification took place (the relay's value when the policy does not ask for one).</summary>
    NotChecked,
}
