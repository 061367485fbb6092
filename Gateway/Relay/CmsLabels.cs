using Gateway.Cms;
using Gateway.Mime;

namespace Gateway.Relay;

/// <summary>What a CMS object really is, in smime-type terms, judged from its structure.</summary>
public static class CmsLabels
{
    /// <summary>
    /// RFC 3854 §3.4.1: the smime-type is that of the innermost protection layer. A layer hidden by encryption is
    /// judged by the EnvelopedData's declared content type (id-signedData there means signed inside).
    /// </summary>
    public static MessageKind KindOf(CmsInspection inspection) =>
        inspection.Protection == ProtectionKind.Enveloped ? MessageKind.EnvelopedX400 : MessageKind.SignedX400;

    /// <summary>
    /// The kind the structure proves, when it contradicts <paramref name="label"/>; null when the label is consistent
    /// or cannot be checked. An EnvelopedData that declares id-data hides what it carries (OpenSSL labels every
    /// envelope so, triple wraps included), so a signed-x400 label on it may be right and is kept.
    /// </summary>
    public static MessageKind? Contradiction(MessageKind label, CmsInspection inspection)
    {
        var actual = KindOf(inspection);
        if (actual == label) return null;
        var innermost = inspection.LayerDetails[^1];
        return innermost.Kind is "envelopedData" or "authEnvelopedData" && innermost.DeclaredInnerType == CmsInspector.IdData ? null : actual;
    }

    /// <summary>A readable SignedData around id-data, with no label to say otherwise, is S/MIME of MIME content (RFC 3851).</summary>
    public static bool IsOrdinarySmime(CmsInspection inspection) =>
        inspection.Layers.Count > 0 && inspection.Layers[^1] == "signedData" && inspection.InnerContentType == CmsInspector.IdData;
}
