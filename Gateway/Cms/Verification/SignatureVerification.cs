namespace Gateway.Cms.Verification;

/// <summary>
/// The outcome of verifying the outermost SignedData of a CMS object. <see cref="Status"/> is
/// <see cref="SignatureStatus.Valid"/> only when every signer is; an invalid signer makes it
/// <see cref="SignatureStatus.Invalid"/>; otherwise the weaker of <see cref="SignatureStatus.NoCertificate"/> (a
/// signature nobody could check) and <see cref="SignatureStatus.Untrusted"/> (a correct signature without a trusted path).
/// </summary>
public sealed record SignatureVerification
{
    public required SignatureStatus Status { get; init; }

    /// <summary>The reason for <see cref="Status"/>; with several signers, that of the first signer that decided it.</summary>
    public required string Reason { get; init; }

    /// <summary>The encapsulated content type (the X.400 content type, or a nested CMS layer's); null when unreadable.</summary>
    public string? EContentType { get; init; }

    /// <summary>The encapsulated content octets; empty when unreadable. Only as trustworthy as <see cref="Status"/> says.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    public IReadOnlyList<SignerVerification> Signers { get; init; } = [];

    /// <summary>The audit-log value of <see cref="Status"/>.</summary>
    public string AuditName => Status.AuditName();

    /// <summary>What the relay records when its policy did not ask for verification.</summary>
    public static SignatureVerification NotChecked(string reason) => new() { Status = SignatureStatus.NotChecked, Reason = reason };
}
