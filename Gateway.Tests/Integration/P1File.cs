using System.Formats.Asn1;

namespace Gateway.Tests.Integration;

/// <summary>
/// An independent reading of a file-drop .p1 file with AsnReader, so that the tests do not trust the gateway's
/// own decoder: MTS-APDU message [0] { envelope SET { … }, content OCTET STRING }.
/// </summary>
internal sealed record P1File(int? BuiltInContentType, string? ExtendedContentType, IReadOnlyList<string> ExtendedEits, byte[]? PerMessageIndicators,
    byte[] Content, int RecipientCount, int Priority = 0)
{
    public static P1File Read(byte[] bytes)
    {
        var reader = new AsnReader(bytes, AsnEncodingRules.BER);
        var message = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
        Assert.False(reader.HasData, "bytes after the MTS-APDU");
        var envelope = message.ReadSetOf(skipSortOrderValidation: true);
        var content = message.ReadOctetString();
        Assert.False(message.HasData, "more than envelope and content in Message");

        int? builtIn = null;
        string? extended = null;
        var eits = new List<string>();
        byte[]? indicators = null;
        var recipients = 0;
        var priority = 0;
        while (envelope.HasData)
        {
            var tag = envelope.PeekTag();
            if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.Application, 6)))
            {
                builtIn = (int)envelope.ReadInteger(new Asn1Tag(TagClass.Application, 6));
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                extended = envelope.ReadObjectIdentifier();
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.Application, 5)))
            {
                var set = envelope.ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.Application, 5, true));
                while (set.HasData)
                {
                    var inner = set.PeekTag();
                    if (inner.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 4)))
                    {
                        var oids = set.ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.ContextSpecific, 4, true));
                        while (oids.HasData) eits.Add(oids.ReadObjectIdentifier());
                    }
                    else
                    {
                        set.ReadEncodedValue();
                    }
                }
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.Application, 7)))
            {
                priority = envelope.ReadEnumeratedBytes(new Asn1Tag(TagClass.Application, 7)).Span[0];
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.Application, 8)))
            {
                indicators = envelope.ReadBitString(out _, new Asn1Tag(TagClass.Application, 8));
            }
            else if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
            {
                var perRecipient = envelope.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2, true));
                while (perRecipient.HasData)
                {
                    perRecipient.ReadEncodedValue();
                    recipients++;
                }
            }
            else
            {
                envelope.ReadEncodedValue();
            }
        }
        return new P1File(builtIn, extended, eits, indicators, content, recipients, priority);
    }
}
