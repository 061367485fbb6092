namespace Gateway.Cms;

/// <summary>
/// The resource bounds of <see cref="CmsInspector.Inspect"/>: RFC 3854 §3.4 asks to process arbitrarily nested
/// CMS "within reasonable resource limits"; these are the limits. Out-of-range values are a programming error and
/// throw when set, so that inspection itself never has to.
/// </summary>
public sealed record CmsInspectionLimits
{
    public static CmsInspectionLimits Default { get; } = new();

    /// <summary>CMS layers (SignedData, EnvelopedData, …), the outermost included. At most 256: the layer walk recurses.</summary>
    public int MaxNestingDepth
    {
        get;
        init => field = value is >= 1 and <= 256 ? value : throw new ArgumentOutOfRangeException(nameof(MaxNestingDepth), value, "must be 1..256");
    } = 8;

    /// <summary>
    /// Constructed BER elements nested in one encoding (each layer's eContent is its own encoding). A CMS layer
    /// needs about ten; a certificate another ten. At most 1024: constructed OCTET STRINGs are reassembled recursively.
    /// </summary>
    public int MaxBerDepth
    {
        get;
        init => field = value is >= 4 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(MaxBerDepth), value, "must be 4..1024");
    } = 64;

    /// <summary>
    /// Octets decoded in all: the input plus every constructed (BER) OCTET STRING that is reassembled to look
    /// inside a nested layer. Primitive (DER) eContent is read in place and costs nothing extra. The default is
    /// above what the SMTP side accepts (50 MB of message, so less of CMS), twice over.
    /// </summary>
    public long MaxSize
    {
        get;
        init => field = value is >= 1 and <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(MaxSize), value, "must be 1..2147483647");
    } = 128L * 1024 * 1024;

    /// <summary>
    /// The default limits, with room for what the SMTP side accepts: an operator who raises the message size must not find
    /// its CMS refused as too large.
    /// </summary>
    public static CmsInspectionLimits ForMessageSize(long maxMessageSize) =>
        2 * maxMessageSize <= Default.MaxSize ? Default : Default with { MaxSize = Math.Min(2 * maxMessageSize, int.MaxValue) };
}
