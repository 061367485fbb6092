using System.Formats.Asn1;
using Org.BouncyCastle.Cms;

namespace Gateway.Cms;

/// <summary>
/// A large SignedData for BouncyCastle without its eContent: a copy of the ContentInfo in which the eContent is an empty
/// OCTET STRING, and the eContent itself as a slice of the input. BouncyCastle then parses kilobytes (certificates,
/// SignerInfos) instead of copying the whole content, and the verifier digests the content where it lies. Only a
/// primitive, definite-length eContent in DER around it qualifies (what OpenSSL and this gateway write); anything else
/// is parsed whole, as before.
/// </summary>
public static class HollowSignedData
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static bool TryParse(ReadOnlyMemory<byte> contentInfo, out CmsSignedData signed, out ReadOnlyMemory<byte> eContent)
    {
        signed = null!;
        eContent = default;
        try
        {
            var outer = new AsnReader(contentInfo, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            if (outer.HasData) return false;
            var contentType = info.ReadEncodedValue();
            var explicitContent = info.ReadSequence(Explicit0);
            var signedData = explicitContent.ReadSequence();
            if (info.HasData || explicitContent.HasData) return false;
            var version = signedData.ReadEncodedValue();
            var digestAlgorithms = signedData.ReadEncodedValue();
            var encapsulated = signedData.ReadSequence();
            var eContentType = encapsulated.ReadEncodedValue();
            if (!encapsulated.HasData) return false; // detached: nothing to leave out
            var explicitOctets = encapsulated.ReadSequence(Explicit0);
            if (encapsulated.HasData || explicitOctets.PeekTag() != Asn1Tag.PrimitiveOctetString) return false;
            var octets = explicitOctets.ReadEncodedValue();
            if (explicitOctets.HasData) return false;
            var rest = new List<ReadOnlyMemory<byte>>();
            while (signedData.HasData) rest.Add(signedData.ReadEncodedValue());

            // The header only: the content is not to be touched here (for a mapped file that would read it all in).
            Asn1Tag.Decode(octets.Span, out var tagLength);
            AsnDecoder.DecodeLength(octets.Span[tagLength..], AsnEncodingRules.DER, out var lengthLength);
            eContent = octets[(tagLength + lengthLength)..];

            var w = new AsnWriter(AsnEncodingRules.DER);
            using (w.PushSequence())
            {
                w.WriteEncodedValue(contentType.Span);
                using (w.PushSequence(Explicit0))
                using (w.PushSequence())
                {
                    w.WriteEncodedValue(version.Span);
                    w.WriteEncodedValue(digestAlgorithms.Span);
                    using (w.PushSequence())
                    {
                        w.WriteEncodedValue(eContentType.Span);
                        using (w.PushSequence(Explicit0))
                        {
                            w.WriteOctetString([]);
                        }
                    }
                    foreach (var element in rest) w.WriteEncodedValue(element.Span);
                }
            }
            signed = new CmsSignedData(w.Encode());
            return true;
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException or CmsException or IOException)
        {
            return false;
        }
    }
}
