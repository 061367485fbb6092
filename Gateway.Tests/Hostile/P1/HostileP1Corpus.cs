using Gateway.Tests.Hostile.Cms;
using static Gateway.Tests.Hostile.Cms.Ber;
using static Gateway.Tests.Hostile.P1.P1Skeleton;

namespace Gateway.Tests.Hostile.P1;

/// <summary>
/// The P1 part of the hostile-input corpus: named .p1 files, each a deterministic mutation of <see cref="P1Skeleton"/> or a
/// hand-written encoding. What the gateway must write in x400/failed/*.why is data, in expected-why.tsv.
/// </summary>
internal static class HostileP1Corpus
{
    public static IReadOnlyDictionary<string, byte[]> Cases { get; } = Build().ToDictionary(c => c.Name, c => c.File);

    private static IEnumerable<(string Name, byte[] File)> Build()
    {
        var skeleton = Message();
        var envelope = Envelope();

        yield return ("the skeleton", skeleton);

        // Not an MTS-APDU at all.
        yield return ("an empty file", []);
        yield return ("4 KiB of 0xFF", [.. Enumerable.Repeat((byte)0xFF, 4096)]);
        yield return ("only a header", [0xA0, 0x82, 0x10, 0x00]);
        yield return ("text", "From: alice@example.com\r\n\r\nhello\r\n"u8.ToArray());
        yield return ("a CMS ContentInfo instead of an MTS-APDU", CmsSkeleton.Signed());

        // The outer element.
        yield return ("outer tag SEQUENCE", Message(tag: 0x30));
        yield return ("outer tag [1] report around a message", Message(tag: 0xA1));
        yield return ("outer tag [2] probe-like", Message(tag: 0xA2));
        yield return ("outer tag [0] primitive", Message(tag: 0x80));
        yield return ("outer length one past the end", OnePastTheEnd(skeleton));
        yield return ("outer length 0x84FFFFFFFF", [0xA0, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, .. skeleton[4..]]);
        yield return ("outer length 2^63", [0xA0, 0x88, 0x80, 0, 0, 0, 0, 0, 0, 0, .. skeleton[4..]]);
        yield return ("outer length of 9 octets", [0xA0, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, .. skeleton[4..]]);
        yield return ("outer indefinite, unterminated", [0xA0, 0x80, .. skeleton[4..]]);
        yield return ("outer indefinite, terminated", Indefinite(0xA0, envelope, Octets(Ipm)));
        yield return ("one octet after the MTS-APDU", [.. skeleton, 0x00]);
        yield return ("a second MTS-APDU after the first", [.. skeleton, .. skeleton]);

        // Nesting.
        yield return ("10,000 nested [0]", Nested(0xA0, 10_000, Null()));
        yield return ("10,000 nested indefinite [0], unterminated", NestedIndefinite(0xA0, 10_000, [], terminated: false));
        yield return ("10,000 nested SETs as the envelope", Message(Nested(0x31, 10_000, Null())));
        yield return ("content as 10,000 nested constructed OCTET STRINGs", Message(content: Nested(0x24, 10_000, Octets(Ipm))));
        yield return ("recipient ORName 10,000 deep", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: Nested(0x60, 10_000, Seq()))))));

        // Content.
        yield return ("content missing", Tlv(0xA0, envelope));
        yield return ("content a BIT STRING", Message(content: Tlv(0x03, [0x00, .. Ipm])));
        yield return ("content length past the end", Message(content: [0x04, 0x83, 0x7F, 0xFF, 0xFF, .. Ipm]));
        yield return ("content empty", Message(content: Octets([])));

        // The envelope and its mandatory fields.
        yield return ("envelope a SEQUENCE", Message(Envelope(tag: 0x30)));
        yield return ("envelope empty", Message(Set()));
        yield return ("message-identifier missing", Message(Set(Originator(), ContentType(), Trace(), PerRecipient())));
        yield return ("originator missing", Message(Set(MessageIdentifier(), ContentType(), Trace(), PerRecipient())));
        yield return ("content-type missing", Message(Set(MessageIdentifier(), Originator(), Trace(), PerRecipient())));
        yield return ("trace missing", Message(Set(MessageIdentifier(), Originator(), ContentType(), PerRecipient())));
        yield return ("per-recipient fields missing", Message(Set(MessageIdentifier(), Originator(), ContentType(), Trace())));
        yield return ("per-recipient fields empty", Message(Envelope(perRecipient: Tlv(0xA2))));
        yield return ("message-identifier twice", Message(Envelope(extra: MessageIdentifier(local: "second"))));
        yield return ("content-type twice", Message(Envelope(extra: ContentType(2))));
        yield return ("an unknown [APPLICATION 30] field", Message(Envelope(extra: Value(0x5E, 0x01))));
        yield return ("message-identifier local part of 100 KB", Message(Envelope(messageIdentifier: MessageIdentifier(local: new string('l', 100 * 1024)))));
        yield return ("message-identifier with a country of 3 letters", Message(Envelope(messageIdentifier: MessageIdentifier(Domain(country: "GBR")))));

        // Content types.
        yield return ("built-in content type 99", Message(Envelope(contentType: ContentType(99))));
        yield return ("built-in content type 0", Message(Envelope(contentType: ContentType(0))));
        yield return ("built-in content type of 100 KB", Message(Envelope(contentType: Tlv(0x46, [0x01, .. new byte[100 * 1024]]))));
        yield return ("built-in content type negative", Message(Envelope(contentType: Value(0x46, 0xFF))));
        yield return ("extended content type unknown OID", Message(Envelope(contentType: Oid("1.2.3.4.5"))));
        yield return ("extended content type with a 0x80 sub-identifier", Message(Envelope(contentType: Tlv(0x06, [0x56, 0x80, 0x01, 0x0A, 0x01]))));

        // Trace and times.
        yield return ("arrival time month 13", Message(Envelope(trace: Trace("261301120000Z"))));
        yield return ("arrival time not a time", Message(Envelope(trace: Trace("not a time!!!"))));
        yield return ("arrival time in GeneralizedTime form", Message(Envelope(trace: Trace("20260101120000Z"))));
        yield return ("arrival time empty", Message(Envelope(trace: Trace(""))));
        yield return ("routing action 7", Message(Envelope(trace: Trace(action: 7))));
        yield return ("trace empty", Message(Envelope(trace: Tlv(0x69))));

        // O/R names.
        yield return ("originator ORName a SEQUENCE", Message(Envelope(originator: [0x30, .. Originator()[1..]])));
        yield return ("originator ORName empty", Message(Envelope(originator: Tlv(0x60))));
        yield return ("originator surname of 10 KB",
            Message(Envelope(originator: OrName(Seq(Country(), Admd(), Tlv(0xA5, Tlv(0x80, [.. Enumerable.Repeat((byte)'s', 10 * 1024)])))))));
        yield return ("recipient with a country of 3 letters",
            Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: OrName(Seq(Country("GBR"), Admd()), Seq(Seq(Printable("RFC-822"), Printable("bob(a)example.com")))))))));
        yield return ("recipient DDA type of 100 KB",
            Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: OrName(Seq(Country("XX"), Admd()), Seq(Seq(Printable(new string('T', 100 * 1024)), Printable("v")))))))));
        yield return ("recipient RFC-822 DDA with CR LF escapes", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: RecipientPrintable("bob(013)(010)RCPT TO:(060)eve(a)example.com(062)(a)example.com"))))));
        yield return ("recipient RFC-822 DDA with a NUL escape", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: RecipientPrintable("bob(000)(a)example.com"))))));
        yield return ("recipient RFC-822 DDA that is no mailbox", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: RecipientPrintable("nobody"))))));
        yield return ("recipient RFC-822 DDA empty", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name: RecipientPrintable(""))))));
        yield return ("recipient RFC-822 DDA an IA5String", Message(Envelope(perRecipient: PerRecipient(RecipientFields(name:
            OrName(Seq(Country("XX"), Admd(), Tlv(0xA2, Printable("Example")), Tlv(0x83, "CMS-X400-Gateway"u8.ToArray())), Seq(Seq(Printable("RFC-822"), Ia5("bob@example.com")))))))));

        // Recipients.
        yield return ("40,000 recipients", Message(Envelope(perRecipient: PerRecipient([.. Enumerable.Repeat(RecipientFields(), 40_000)]))));
        yield return ("recipient number 0", Message(Envelope(perRecipient: PerRecipient(RecipientFields(number: Value(0x80, 0x00))))));
        yield return ("recipient number of 100 KB", Message(Envelope(perRecipient: PerRecipient(RecipientFields(number: Tlv(0x80, [0x01, .. new byte[100 * 1024]]))))));
        yield return ("per-recipient indicators empty BIT STRING", Message(Envelope(perRecipient: PerRecipient(RecipientFields(indicators: Tlv(0x81))))));
        yield return ("a critical unknown extension", Message(Envelope(extra: Tlv(0xA3, Seq(Value(0x80, 0x00, 0xC8), Value(0x81, 0x05, 0x20))))));

        // Truncated at every structural boundary of the skeleton.
        foreach (var (where, offset) in DerBoundaries.Of(skeleton))
        {
            yield return ($"truncated {where} (offset {offset})", skeleton[..offset]);
        }
    }

    private static byte[] OnePastTheEnd(byte[] der)
    {
        var headerLength = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7F);
        return [der[0], .. Length(der.Length - headerLength + 1), .. der[headerLength..]];
    }

    /// <summary>The gateway's O/R address with an RFC-822 attribute already in PrintableString form, escapes and all.</summary>
    private static byte[] RecipientPrintable(string value) =>
        OrName(Seq(Country("XX"), Admd(), Tlv(0xA2, Printable("Example")), Tlv(0x83, "CMS-X400-Gateway"u8.ToArray())), Seq(Seq(Printable("RFC-822"), Printable(value))));
}
