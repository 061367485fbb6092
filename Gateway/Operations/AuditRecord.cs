namespace Gateway.Operations;

/// <summary>
/// One message decision, as a line of <c>audit.jsonl</c> (design.md, "Audit log"). Field names are part of the
/// external contract.
/// </summary>
public sealed record AuditRecord
{
    public required DateTimeOffset Time { get; init; }
    public required string Id { get; init; }

    /// <summary><c>smtp-to-x400</c> | <c>x400-to-smtp</c> | <c>smtp-to-smtp</c>.</summary>
    public required string Direction { get; init; }

    public required string From { get; init; }
    public required IReadOnlyList<string> To { get; init; }

    /// <summary><c>signed-x400</c> | <c>enveloped-x400</c> | <c>x400-content</c> | <c>mime</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>CMS layers, outermost first; empty when the content is not CMS.</summary>
    public IReadOnlyList<string> Cms { get; init; } = [];

    /// <summary>The X.400 content type (integer or OID), or the innermost CMS content type.</summary>
    public string? ContentType { get; init; }

    /// <summary><c>valid</c> | <c>invalid</c> | <c>no-certificate</c> | <c>untrusted</c> | <c>not-checked</c>.</summary>
    public string Signature { get; init; } = "not-checked";

    public bool? OriginatorMatch { get; init; }

    /// <summary>The signers' subjects, when a signature was verified.</summary>
    public IReadOnlyList<string>? Signers { get; init; }

    /// <summary>Digest/signature algorithm per signer, e.g. <c>sha256/rsaEncryption</c>.</summary>
    public IReadOnlyList<string>? Algorithms { get; init; }

    /// <summary>Signed attributes the gateway does not interpret, by OID (RFC 3854 §2.5).</summary>
    public IReadOnlyList<string>? UnknownSignedAttributes { get; init; }

    /// <summary>Why the signature has its value, and what the originator check compared.</summary>
    public string? Security { get; init; }

    /// <summary><c>relayed</c> | <c>rejected</c> | <c>deferred</c> | <c>reported</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Why: the reply or the error, in words.</summary>
    public string? Reason { get; init; }

    /// <summary>Message size in bytes as received.</summary>
    public long? Size { get; init; }

    /// <summary>The SMTP client's address, or the X.400 file's name.</summary>
    public string? Source { get; init; }

    /// <summary>The original client as a trusted upstream MTA described it with XFORWARD.</summary>
    public Gateway.Smtp.XForwardAttributes? Forwarded { get; init; }

    /// <summary>The smime-type label as received, when the CMS structure said otherwise ("(none)" when there was none).</summary>
    public string? Label { get; init; }

    /// <summary>TLS protocol and cipher of the SMTP session, or null for plaintext.</summary>
    public string? Tls { get; init; }

    /// <summary>The user the SMTP client authenticated as (SMTP AUTH), or null when it did not.</summary>
    public string? AuthenticatedUser { get; init; }

    /// <summary>SPF, DKIM and DMARC results for mail from outside the trusted networks ("spf=pass dkim=none dmarc=pass").</summary>
    public string? Authentication { get; init; }
}
