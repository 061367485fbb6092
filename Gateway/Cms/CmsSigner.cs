namespace Gateway.Cms;

/// <summary>One SignerInfo of a SignedData, as far as it can be read without verifying it.</summary>
/// <param name="Identifier">
/// The SignerIdentifier: <c>issuer=&lt;RFC 4514 DN&gt; serial=&lt;hex&gt;</c> or <c>ski=&lt;hex&gt;</c>.
/// </param>
/// <param name="SignedContentType">
/// The content-type signed attribute (RFC 5652 §11.1), the only integrity-protected statement of what the
/// content is; null when the signer has no signed attributes.
/// </param>
public sealed record CmsSigner(
    int Version,
    string Identifier,
    CmsAlgorithm DigestAlgorithm,
    CmsAlgorithm SignatureAlgorithm,
    string? SignedContentType);
