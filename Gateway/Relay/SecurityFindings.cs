using Gateway.Cms.Verification;

namespace Gateway.Relay;

/// <summary>What the security services found in one message, for the decision, the audit record and the trace headers.</summary>
public sealed record SecurityFindings
{
    public static readonly SecurityFindings NotChecked = new() { Signature = SignatureStatus.NotChecked, Reason = "not verified" };

    public required SignatureStatus Signature { get; init; }

    /// <summary>Why the signature has its status, in words.</summary>
    public required string Reason { get; init; }

    /// <summary>The signers' subjects, first signer first.</summary>
    public IReadOnlyList<string> Signers { get; init; } = [];

    /// <summary>Digest and signature algorithm per signer, e.g. <c>sha256/rsaEncryption</c>.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    /// <summary>Signed attributes the gateway does not interpret (RFC 3854 §2.5 asks that they be shown).</summary>
    public IReadOnlyList<string> UnknownSignedAttributes { get; init; } = [];

    /// <summary>RFC 3854 §4.3: true or false when the IPM originator could be compared with the signer's x400Address; else null.</summary>
    public bool? OriginatorMatch { get; init; }

    /// <summary>What was compared, for the log and the trace header.</summary>
    public string? OriginatorDetail { get; init; }

    /// <summary>No signer certificate was found while a certificate directory could not be asked: why (the relay may defer).</summary>
    public string? DirectoryUnavailable { get; init; }
}
