using System.Text;
using Gateway.Tests.Integration;
using static Gateway.Tests.Hostile.Cms.Ber;

namespace Gateway.Tests.Hostile.P1;

/// <summary>
/// A deterministic P1 message (MTS-APDU message [0]) for bob@example.com, written octet by octet from the X.411 ASN.1
/// (as in HandBuiltP1Tests), whose fields the corpus replaces one at a time. Tags are X.411's IMPLICIT ones.
/// </summary>
internal static class P1Skeleton
{
    public const string Mailbox = "bob@example.com";
    public static readonly byte[] Ipm = X400TestContent.Ipm("hostile p1", "a deterministic IPM");

    public static byte[] Printable(string text) => Tlv(0x13, Encoding.ASCII.GetBytes(text));

    public static byte[] Ia5(string text) => Tlv(0x16, Encoding.ASCII.GetBytes(text));

    public static byte[] Country(string code = "GB") => Tlv(0x61, Printable(code));

    public static byte[] Admd(string name = " ") => Tlv(0x62, Printable(name));

    public static byte[] Domain(string country = "GB", string admd = " ", string prmd = "Acme") => Tlv(0x63, Country(country), Admd(admd), Printable(prmd));

    public static byte[] MessageIdentifier(byte[]? domain = null, string local = "hostile-p1-1") => Tlv(0x64, domain ?? Domain(), Ia5(local));

    /// <summary>ORName [APPLICATION 0] { built-in-standard-attributes SEQUENCE, built-in-domain-defined-attributes SEQUENCE OF }.</summary>
    public static byte[] OrName(byte[] standard, byte[]? domainDefined = null) => Tlv(0x60, standard, domainDefined ?? []);

    public static byte[] Originator() =>
        OrName(Seq(Country(), Admd(), Tlv(0xA2, Printable("Acme")), Tlv(0x83, "Acme"u8.ToArray()),
            Tlv(0xA5, Tlv(0x80, "Smith"u8.ToArray()), Tlv(0x81, "John"u8.ToArray()))));

    /// <summary>The gateway's O/R address with the mailbox as its RFC-822 domain-defined attribute.</summary>
    public static byte[] Recipient(string mailbox = Mailbox) =>
        OrName(Seq(Country("XX"), Admd(), Tlv(0xA2, Printable("Example")), Tlv(0x83, "CMS-X400-Gateway"u8.ToArray())),
            Seq(Seq(Printable("RFC-822"), Printable(global::Gateway.X400.Rfc2156Escaping.EncodePrintable(mailbox)))));

    public static byte[] ContentType(int builtIn = 22) => Value(0x46, (byte)builtIn);

    public static byte[] Trace(string arrival = "260101120000Z", byte action = 0) =>
        Tlv(0x69, Seq(Domain(), Set(Tlv(0x80, Encoding.ASCII.GetBytes(arrival)), Value(0x82, action))));

    public static byte[] RecipientFields(byte[]? name = null, byte[]? number = null, byte[]? indicators = null) =>
        Set(name ?? Recipient(), number ?? Value(0x80, 0x01), indicators ?? Value(0x81, 0x00, 0x80));

    public static byte[] PerRecipient(params byte[][] recipients) => Tlv(0xA2, recipients.Length == 0 ? [RecipientFields()] : recipients);

    public static byte[] Envelope(byte[]? messageIdentifier = null, byte[]? originator = null, byte[]? contentType = null, byte[]? trace = null,
        byte[]? perRecipient = null, byte[]? extra = null, byte tag = 0x31) =>
        Tlv(tag, messageIdentifier ?? MessageIdentifier(), originator ?? Originator(), contentType ?? ContentType(), trace ?? Trace(),
            perRecipient ?? PerRecipient(), extra ?? []);

    public static byte[] Message(byte[]? envelope = null, byte[]? content = null, byte tag = 0xA0) =>
        Tlv(tag, envelope ?? Envelope(), content ?? Octets(Ipm));
}
