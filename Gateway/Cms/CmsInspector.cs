using System.Formats.Asn1;

namespace Gateway.Cms;

/// <summary>
/// Looks into a CMS ContentInfo (RFC 5652) far enough to know what it is: the outer type, and, through
/// SignedData, the encapsulated layers that RFC 3854 §3.4 nests directly (no id-data, no MIME in between).
/// EnvelopedData is opaque without a key, so inspection stops there. The object must be a complete DER or BER
/// ContentInfo with nothing after it: anything else is not a CMS object and is said to be so.
/// </summary>
public static class CmsInspector
{
    public const string IdData = "1.2.840.113549.1.7.1";
    public const string IdSignedData = "1.2.840.113549.1.7.2";
    public const string IdEnvelopedData = "1.2.840.113549.1.7.3";
    public const string IdAuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
    public const string IdCompressedData = "1.2.840.113549.1.9.16.1.9";

    /// <summary>How deep nested SignedData is followed before the object is refused.</summary>
    public const int MaxDepth = 8;

    public static CmsInspection Inspect(ReadOnlyMemory<byte> der)
    {
        var layers = new List<string>();
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            var contentInfo = reader.ReadSequence();
            if (reader.HasData) return Fail(layers, "bytes follow the CMS ContentInfo");
            var type = contentInfo.ReadObjectIdentifier();
            var explicitContent = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            return InspectContent(type, explicitContent, layers, 0);
        }
        catch (AsnContentException e)
        {
            return Fail(layers, $"not a CMS object: {e.Message}");
        }
    }

    private static CmsInspection InspectContent(string type, AsnReader content, List<string> layers, int depth)
    {
        if (depth >= MaxDepth) return Fail(layers, $"CMS layers nested deeper than {MaxDepth}");
        switch (type)
        {
            case IdSignedData:
            {
                layers.Add("signedData");
                var signedData = content.ReadSequence();
                signedData.ReadInteger(); // version
                signedData.ReadSetOf();   // digestAlgorithms
                var encap = signedData.ReadSequence();
                var eContentType = encap.ReadObjectIdentifier();
                if (!encap.HasData)
                {
                    return new CmsInspection(layers, eContentType, null); // detached or certs-only
                }
                var eContent = encap.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                var octets = eContent.ReadOctetString();
                if (eContentType is IdSignedData or IdEnvelopedData)
                {
                    // RFC 3854 §3.4: the inner object is encoded directly as eContent.
                    return InspectContent(eContentType, new AsnReader(octets, AsnEncodingRules.BER), layers, depth + 1);
                }
                return new CmsInspection(layers, eContentType, null);
            }
            case IdEnvelopedData:
            {
                layers.Add("envelopedData");
                var envelopedData = content.ReadSequence();
                envelopedData.ReadInteger(); // version
                if (envelopedData.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    envelopedData.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)); // originatorInfo
                }
                envelopedData.ReadSetOf(); // recipientInfos
                var encryptedContentInfo = envelopedData.ReadSequence();
                return new CmsInspection(layers, encryptedContentInfo.ReadObjectIdentifier(), null);
            }
            case IdAuthEnvelopedData:
                layers.Add("authEnvelopedData");
                return new CmsInspection(layers, null, null);
            case IdCompressedData:
                layers.Add("compressedData");
                return new CmsInspection(layers, null, null);
            default:
                return Fail(layers, $"content type {type} is not a CMS protection type (signedData or envelopedData)");
        }
    }

    private static CmsInspection Fail(List<string> layers, string error) => new(layers, null, error);
}
