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
    public static MessageKind KindOf(CmsInspection inspection)
    {
        var innermost = inspection.Layers.LastOrDefault(l => l is "signedData" or "envelopedData" or "authEnvelopedData");
        return innermost switch
        {
            "signedData" => MessageKind.SignedX400,
            _ when inspection.InnerContentType == CmsInspector.IdSignedData => MessageKind.SignedX400,
            _ => MessageKind.EnvelopedX400,
        };
    }

    /// <summary>A readable SignedData around id-data, with no label to say otherwise, is S/MIME of MIME content (RFC 3851).</summary>
    public static bool IsOrdinarySmime(CmsInspection inspection) =>
        inspection.Layers.Count > 0 && inspection.Layers[^1] == "signedData" && inspection.InnerContentType == CmsInspector.IdData;
}
