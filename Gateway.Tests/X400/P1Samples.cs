using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>Sample P1 values and helpers to take DER encodings apart and rebuild them as other BER.</summary>
internal static class P1Samples
{
    public static readonly GlobalDomainIdentifier GatewayDomain = new("GB", " ", "Acme");

    public static OrName Originator => new(OrAddress.Parse("/DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/"));

    public static P1Envelope Envelope(X400ContentType? contentType = null) => new()
    {
        MessageIdentifier = new MtsIdentifier(GatewayDomain, "msg-0001@gw.example"),
        Originator = Originator,
        OriginalEncodedInformationTypes = new EncodedInformationTypes(
            BuiltInEncodedInformationTypes.Undefined,
            [X400Oids.EitSignedX400, X400Oids.EitEnvelopedX400]),
        ContentType = contentType ?? X400ContentType.FromOid(X400Oids.ContentInfo),
        ContentIdentifier = "CMS-1",
        Priority = Priority.Urgent,
        PerMessageIndicators = PerMessageIndicators.AlternateRecipientAllowed | PerMessageIndicators.ContentReturnRequest,
        Trace =
        [
            new TraceInformationElement(GatewayDomain, new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), RoutingAction.Relayed),
            new TraceInformationElement(new GlobalDomainIdentifier("US", "ATT"), new DateTimeOffset(2026, 11, 3, 10, 16, 31, TimeSpan.FromHours(1)), RoutingAction.Rerouted),
        ],
        Recipients =
        [
            new P1Recipient(new OrName(OrAddress.Parse("/G=Steve/S=Kille/OU1=R+D/O=Isode/PRMD=Isode/ADMD= /C=GB/")), 1,
                PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaNonDeliveryReport),
            new P1Recipient(new OrName(OrAddress.Parse("/CN=VVTSMHSA/OU=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")), 2,
                PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatorNonDeliveryReport),
        ],
        StandardExtensions = [3, 1],
    };

    public static P1Message Message(int contentLength = 300, X400ContentType? contentType = null) =>
        new(Envelope(contentType), Enumerable.Range(0, contentLength).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>The envelope members and the content of a DER or BER message, as complete encodings.</summary>
    public static (List<byte[]> Members, byte[] Content) Split(byte[] encoded)
    {
        var apdu = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        var set = apdu.ReadSetOf(skipSortOrderValidation: true);
        var members = new List<byte[]>();
        while (set.HasData) members.Add(set.ReadEncodedValue().ToArray());
        return (members, apdu.ReadOctetString());
    }

    /// <summary>Rebuilds a message from members in the given order (a BER writer keeps the order as given).</summary>
    public static byte[] Join(IEnumerable<byte[]> members, byte[] content)
    {
        var w = new AsnWriter(AsnEncodingRules.BER);
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        {
            using (w.PushSetOf())
            {
                foreach (var m in members) w.WriteEncodedValue(m);
            }
            w.WriteOctetString(content);
        }
        return w.Encode();
    }

    public static Asn1Tag TagOf(byte[] encoding) => Asn1Tag.Decode(encoding, out _);

    /// <summary>
    /// Re-encodes a DER value with CER rules: every constructed value gets an indefinite length, SET contents are
    /// re-sorted by the SET OF rule, and OCTET STRINGs over 1000 bytes become constructed.
    /// </summary>
    public static byte[] ToIndefiniteLengthBer(byte[] der)
    {
        var cer = new AsnWriter(AsnEncodingRules.CER);
        Reencode(cer, der);
        return cer.Encode();
    }

    private static void Reencode(AsnWriter cer, ReadOnlySpan<byte> der)
    {
        while (!der.IsEmpty)
        {
            var tag = Asn1Tag.Decode(der, out _);
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            var contents = der.Slice(contentOffset, contentLength);
            if (tag.IsConstructed && tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.SetOf)
            {
                using (cer.PushSetOf(tag)) Reencode(cer, contents);
            }
            else if (tag.IsConstructed)
            {
                using (cer.PushSequence(tag)) Reencode(cer, contents);
            }
            else if (tag == Asn1Tag.PrimitiveOctetString)
            {
                cer.WriteOctetString(contents);
            }
            else
            {
                cer.WriteEncodedValue(der[..consumed]);
            }
            der = der[consumed..];
        }
    }
}
