namespace Gateway.Cms;

/// <summary>
/// What the gateway could see of a CMS object without keys: its layers, outermost first, with their declared
/// inner types, algorithms, signers and recipients; or, when it is not an acceptable CMS object, why not.
/// </summary>
public sealed record CmsInspection
{
    private CmsInspection(IReadOnlyList<CmsLayer> layerDetails, CmsErrorKind? errorKind, string? error)
    {
        LayerDetails = layerDetails;
        Layers = [.. layerDetails.Select(l => l.Kind)];
        ErrorKind = errorKind;
        Error = error;
    }

    public static CmsInspection Valid(IReadOnlyList<CmsLayer> layers) => new(layers, null, null);

    /// <param name="layers">The layers read before the failure; the last may be incomplete.</param>
    public static CmsInspection Invalid(IReadOnlyList<CmsLayer> layers, CmsErrorKind kind, string error) => new(layers, kind, error);

    public IReadOnlyList<CmsLayer> LayerDetails { get; }

    /// <summary>The audit-log names of the layers, outermost first: <c>signedData</c>, <c>envelopedData</c>, …</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>
    /// The innermost declared content type: eContentType under SignedData (the X.400 content type when the chain is
    /// readable), encryptedContentInfo.contentType under EnvelopedData. Null when the object is invalid.
    /// </summary>
    public string? InnerContentType => IsValid && LayerDetails.Count > 0 ? LayerDetails[^1].DeclaredInnerType : null;

    /// <summary>Says what is wrong and where ("not a CMS object: …", "truncated: …"); null when valid.</summary>
    public string? Error { get; }

    public CmsErrorKind? ErrorKind { get; }

    public bool IsValid => Error is null;

    public string? OuterLayer => Layers.Count > 0 ? Layers[0] : null;

    /// <summary>The smime-type the structure deserves (RFC 3854 §3.4.1); see <see cref="CmsProtection.Of(CmsInspection)"/>.</summary>
    public ProtectionKind? Protection => CmsProtection.Of(this);

    /// <summary>The X.400 content type, when no encryption or id-data label hides it; see <see cref="CmsProtection.X400ContentTypeOf"/>.</summary>
    public string? X400ContentType => CmsProtection.X400ContentTypeOf(this);
}
