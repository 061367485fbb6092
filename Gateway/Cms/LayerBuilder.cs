namespace Gateway.Cms;

/// <summary>A layer being read: what is known so far, so that a failure still reports the fields before it.</summary>
internal sealed class LayerBuilder(string kind, CmsLayerEncoding encoding, bool labelledAsData)
{
    public string Kind { get; } = kind;

    public int? Version { get; set; }

    public string? DeclaredInnerType { get; set; }

    public long? ContentLength { get; set; }

    public List<CmsAlgorithm> DigestAlgorithms { get; } = [];

    public CmsAlgorithm? ContentEncryptionAlgorithm { get; set; }

    public CmsAlgorithm? CompressionAlgorithm { get; set; }

    public List<CmsSigner> Signers { get; } = [];

    public List<CmsRecipient> Recipients { get; } = [];

    public int CertificateCount { get; set; }

    public int CrlCount { get; set; }

    public bool IsComplete { get; set; }

    public CmsLayer Build() =>
        new(Kind, Version, DeclaredInnerType, ContentLength, [.. DigestAlgorithms], ContentEncryptionAlgorithm, [.. Signers], [.. Recipients], CertificateCount, CrlCount)
        {
            CompressionAlgorithm = CompressionAlgorithm,
            Encoding = encoding,
            LabelledAsData = labelledAsData,
            IsComplete = IsComplete,
        };
}
