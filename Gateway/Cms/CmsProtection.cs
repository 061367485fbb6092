namespace Gateway.Cms;

/// <summary>
/// Label versus structure: what a CMS object really is, whatever smime-type it arrived with or will be given.
/// </summary>
public static class CmsProtection
{
    /// <summary>
    /// The innermost protection layer that can be seen (RFC 3854 §3.4.1: the smime-type is "consistent with the
    /// innermost protection layer"). A layer hidden inside the innermost visible one counts by the content type that
    /// layer declares: EnvelopedData declaring id-signedData is a triple wrap whose inner signature the gateway cannot
    /// see, so it is <see cref="ProtectionKind.Signed"/>; declaring anything else it is
    /// <see cref="ProtectionKind.Enveloped"/>. CompressedData protects nothing and is passed over. Null when the
    /// inspection failed or found no protection layer.
    /// </summary>
    public static ProtectionKind? Of(CmsInspection inspection) =>
        inspection.IsValid ? Of(inspection.LayerDetails) : null;

    public static ProtectionKind? Of(IReadOnlyList<CmsLayer> layers)
    {
        if (layers.Count == 0)
        {
            return null;
        }
        var hidden = KindOfContentType(layers[^1].DeclaredInnerType);
        if (hidden is not null)
        {
            return hidden;
        }
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            switch (layers[i].Kind)
            {
                case CmsLayer.SignedData:
                    return ProtectionKind.Signed;
                case CmsLayer.EnvelopedData or CmsLayer.AuthEnvelopedData:
                    return ProtectionKind.Enveloped;
            }
        }
        return null;
    }

    /// <summary>
    /// The X.400 content type: the innermost declared content type when it is not a CMS type. Null when it is hidden
    /// by encryption (the innermost readable type is id-signedData inside an EnvelopedData), by an id-data label, or
    /// when the inspection failed. An EnvelopedData declaring an X.400 type (RFC 3854 §3.3) gives that type: the
    /// declaration is in the clear.
    /// </summary>
    public static string? X400ContentTypeOf(CmsInspection inspection)
    {
        if (!inspection.IsValid || inspection.LayerDetails.Count == 0)
        {
            return null;
        }
        var declared = inspection.LayerDetails[^1].DeclaredInnerType;
        return declared is null || IsCmsContentType(declared) ? null : declared;
    }

    /// <summary>The PKCS #7 and CMS content types, id-data included: none of them is an X.400 content type.</summary>
    public static bool IsCmsContentType(string oid) =>
        oid.StartsWith("1.2.840.113549.1.7.", StringComparison.Ordinal)
        || oid is CmsInspector.IdAuthEnvelopedData or CmsInspector.IdCompressedData or CmsInspector.IdContentInfo
            or "1.2.840.113549.1.9.16.1.2"; // id-ct-authData

    private static ProtectionKind? KindOfContentType(string? oid) => oid switch
    {
        CmsInspector.IdSignedData => ProtectionKind.Signed,
        CmsInspector.IdEnvelopedData or CmsInspector.IdAuthEnvelopedData => ProtectionKind.Enveloped,
        _ => null,
    };
}
