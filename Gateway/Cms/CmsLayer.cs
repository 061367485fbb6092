namespace Gateway.Cms;

/// <summary>
/// One CMS layer as seen without keys. Fields the layer type does not have are null or empty (an EnvelopedData has
/// no signers); when <see cref="IsComplete"/> is false, inspection failed inside this layer and the fields hold what
/// was read before the failure.
/// </summary>
/// <param name="Kind">The audit-log name: <c>signedData</c>, <c>envelopedData</c>, <c>authEnvelopedData</c>, <c>compressedData</c>.</param>
/// <param name="DeclaredInnerType">
/// eContentType (SignedData, CompressedData) or encryptedContentInfo.contentType (EnvelopedData, AuthEnvelopedData):
/// what the layer says it carries. Not integrity-protected in EnvelopedData.
/// </param>
/// <param name="ContentLength">Octets of the encapsulated or encrypted content; null when absent (detached).</param>
public sealed record CmsLayer(
    string Kind,
    int? Version,
    string? DeclaredInnerType,
    long? ContentLength,
    IReadOnlyList<CmsAlgorithm> DigestAlgorithms,
    CmsAlgorithm? ContentEncryptionAlgorithm,
    IReadOnlyList<CmsSigner> Signers,
    IReadOnlyList<CmsRecipient> Recipients,
    int CertificateCount,
    int CrlCount)
{
    public const string SignedData = "signedData";
    public const string EnvelopedData = "envelopedData";
    public const string AuthEnvelopedData = "authEnvelopedData";
    public const string CompressedData = "compressedData";

    /// <summary>CompressedData's compressionAlgorithm (zlib in practice).</summary>
    public CmsAlgorithm? CompressionAlgorithm { get; init; }

    public CmsLayerEncoding Encoding { get; init; } = CmsLayerEncoding.ContentInfo;

    /// <summary>
    /// The enclosing layer declared id-data for this one (S/MIME v2 style, which OpenSSL keeps): the layer was
    /// recognised because the eContent parsed completely as CMS, not because a label said so.
    /// </summary>
    public bool LabelledAsData { get; init; }

    public bool IsComplete { get; init; } = true;

    /// <summary>EnvelopedData and AuthEnvelopedData: what they carry cannot be read without a key.</summary>
    public bool IsEncrypted => Kind is EnvelopedData or AuthEnvelopedData;
}
