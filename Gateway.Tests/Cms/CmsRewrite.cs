using System.Formats.Asn1;

namespace Gateway.Tests.Cms;

/// <summary>
/// Edits of OpenSSL's DER output that OpenSSL itself cannot make. The encryptedContentInfo contentType is not
/// integrity-protected (RFC 5652 §6.1), so rewriting it is what a sender could have produced; and RFC 3854 §3.4 wants
/// nested layers without their ContentInfo, which `openssl cms` always writes.
/// </summary>
internal static class CmsRewrite
{
    /// <summary>The same EnvelopedData ContentInfo with encryptedContentInfo.contentType replaced.</summary>
    public static byte[] WithEnvelopedContentType(byte[] contentInfo, string contentType)
    {
        var outer = new AsnReader(contentInfo, AsnEncodingRules.DER).ReadSequence();
        var type = outer.ReadObjectIdentifier();
        var envelopedData = outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        var before = new List<ReadOnlyMemory<byte>>();
        while (envelopedData.PeekTag() != Asn1Tag.Sequence)
        {
            before.Add(envelopedData.ReadEncodedValue()); // version, originatorInfo, recipientInfos
        }
        var encryptedContentInfo = envelopedData.ReadSequence();
        encryptedContentInfo.ReadObjectIdentifier();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(type);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                before.ForEach(e => writer.WriteEncodedValue(e.Span));
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(contentType);
                    CopyRest(encryptedContentInfo, writer);
                }
                CopyRest(envelopedData, writer);
            }
        }
        return writer.Encode();
    }

    /// <summary>The SignedData/EnvelopedData inside a ContentInfo, as RFC 3854 §3.4 nests it.</summary>
    public static byte[] Bare(byte[] contentInfo)
    {
        var outer = new AsnReader(contentInfo, AsnEncodingRules.BER).ReadSequence();
        outer.ReadObjectIdentifier();
        return outer.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadEncodedValue().ToArray();
    }

    /// <summary>A DER ContentInfo around arbitrary content.</summary>
    public static byte[] ContentInfo(string contentType, byte[] content)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteEncodedValue(content);
            }
        }
        return writer.Encode();
    }

    private static void CopyRest(AsnReader reader, AsnWriter writer)
    {
        while (reader.HasData)
        {
            writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
        }
    }
}
