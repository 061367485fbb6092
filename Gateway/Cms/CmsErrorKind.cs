namespace Gateway.Cms;

/// <summary>Why a CMS object was refused; the accompanying text says exactly what and where.</summary>
public enum CmsErrorKind
{
    /// <summary>The input is not a ContentInfo at all (empty, another ASN.1 value, a bare SignedData, …).</summary>
    NotCms,

    /// <summary>A ContentInfo, but of a type that is no CMS protection layer (id-data, for instance).</summary>
    UnsupportedContentType,

    /// <summary>A declared length or an end-of-contents runs past the end of the input.</summary>
    Truncated,

    /// <summary>Bytes follow the ContentInfo (or a nested object in its eContent).</summary>
    TrailingData,

    /// <summary>The BER encoding or the CMS structure is wrong.</summary>
    Malformed,

    /// <summary>More CMS layers than <see cref="CmsInspectionLimits.MaxNestingDepth"/>.</summary>
    TooManyLayers,

    /// <summary>Constructed BER elements nested deeper than <see cref="CmsInspectionLimits.MaxBerDepth"/>.</summary>
    BerTooDeep,

    /// <summary>More octets to decode than <see cref="CmsInspectionLimits.MaxSize"/>.</summary>
    TooLarge,
}
