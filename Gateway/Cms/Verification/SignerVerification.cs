using Gateway.X400;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// What verification found for one SignerInfo. The certificate fields are null when no certificate was found
/// (<see cref="SignatureStatus.NoCertificate"/>) or when the SignerInfo was refused before one was looked for.
/// </summary>
public sealed record SignerVerification
{
    public required SignatureStatus Status { get; init; }

    /// <summary>Why, in words an operator can act on: "certificate CN=… expired on …", "messageDigest does not match the content".</summary>
    public required string Reason { get; init; }

    /// <summary>The SignerIdentifier as the SignerInfo states it, in the inspector's form: <c>issuer=… serial=…</c> or <c>ski=…</c>.</summary>
    public required string Identifier { get; init; }

    public required CmsAlgorithm DigestAlgorithm { get; init; }

    public required CmsAlgorithm SignatureAlgorithm { get; init; }

    public X509Certificate? Certificate { get; init; }

    /// <summary>The certificate's subject as RFC 4514 text.</summary>
    public string? Subject { get; init; }

    /// <summary>The certificate's issuer as RFC 4514 text.</summary>
    public string? Issuer { get; init; }

    /// <summary>The certificate's serial number in upper-case hex, as OpenSSL prints it.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>The certificate's subjectKeyIdentifier in upper-case hex; null when it has none.</summary>
    public string? SubjectKeyIdentifier { get; init; }

    /// <summary>The signingTime signed attribute; a claim of the signer, not a trusted time.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>
    /// Signed attributes the gateway does not interpret, by dotted OID in order of appearance: RFC 3854 §2.5 asks that
    /// they be shown, since the signer vouched for them.
    /// </summary>
    public IReadOnlyList<string> UnknownSignedAttributes { get; init; } = [];

    /// <summary>The x400Address entries of the certificate's subjectAltName (RFC 3854 §4.3), for the originator check.</summary>
    public IReadOnlyList<OrAddress> X400Addresses { get; init; } = [];
}
