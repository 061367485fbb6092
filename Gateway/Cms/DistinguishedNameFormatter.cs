using System.Formats.Asn1;
using System.Globalization;
using System.Text;

namespace Gateway.Cms;

/// <summary>
/// Renders an X.501 Name as RFC 4514 text (what <c>openssl x509 -nameopt RFC2253</c> prints), read from the
/// validated BER in place. The platform's X500DistinguishedName is not used: it wants DER, and a BER-encoded
/// CMS object may carry its issuer names in BER.
/// </summary>
internal static class DistinguishedNameFormatter
{
    // RFC 4514 §3: the only short names a producer should emit; every other type is written as a dotted OID
    // with a #hex value (§2.4).
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.6"] = "C",
        ["2.5.4.9"] = "STREET",
        ["0.9.2342.19200300.100.1.25"] = "DC",
        ["0.9.2342.19200300.100.1.1"] = "UID",
    };

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16 = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf32 = new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true);

    public static string Format(CmsCursor parent, BerElement name, string field)
    {
        var rdns = parent.Enter(name, field);
        var rendered = new List<string>();
        var index = 0;
        while (rdns.HasData)
        {
            var rdnField = $"[{index.ToString(CultureInfo.InvariantCulture)}]";
            var rdnElement = rdns.Read(CmsCursor.Set, rdnField);
            var rdn = rdns.Enter(rdnElement, rdnField);
            var attributes = new List<string>();
            var attributeIndex = 0;
            while (rdn.HasData)
            {
                var attributeField = $"[{attributeIndex.ToString(CultureInfo.InvariantCulture)}]";
                var attribute = rdn.Enter(rdn.Read(CmsCursor.Sequence, attributeField), attributeField);
                var type = attribute.ReadOid("type");
                var value = attribute.Read("value");
                attribute.ExpectEnd();
                // RFC 4514 §2.4: a dotted-decimal type always takes the #hex form; a short-named one does when its
                // value is not a string the gateway can decode.
                var hex = $"#{Convert.ToHexString(attribute.Document.Encoded(value))}";
                attributes.Add(ShortNames.TryGetValue(type, out var shortName)
                    ? $"{shortName}={(TryDecode(attribute.Document, value, out var text) ? Escape(text) : hex)}"
                    : $"{type}={hex}");
                attributeIndex++;
            }
            if (attributes.Count == 0)
            {
                throw rdns.Fail(rdnElement, rdnField, "an empty RelativeDistinguishedName (X.501 requires one attribute or more)");
            }
            rendered.Add(string.Join("+", attributes));
            index++;
        }

        // RFC 4514 §2.1: the last RDN of the SEQUENCE comes first.
        rendered.Reverse();
        return string.Join(",", rendered);
    }

    private static bool TryDecode(BerDocument document, BerElement value, out string text)
    {
        text = "";
        if (value.Tag.TagClass != TagClass.Universal || value.IsConstructed)
        {
            return false;
        }
        var content = document.Content(value);
        try
        {
            text = (UniversalTagNumber)value.Tag.TagValue switch
            {
                UniversalTagNumber.UTF8String => StrictUtf8.GetString(content),
                UniversalTagNumber.PrintableString or UniversalTagNumber.IA5String or UniversalTagNumber.VisibleString
                    or UniversalTagNumber.NumericString => Ascii(content),
                // T.61 in theory, Latin-1 in every certificate that uses it.
                UniversalTagNumber.TeletexString => Encoding.Latin1.GetString(content),
                UniversalTagNumber.BMPString => StrictUtf16.GetString(content),
                UniversalTagNumber.UniversalString => StrictUtf32.GetString(content),
                _ => throw new FormatException(),
            };
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static string Ascii(ReadOnlySpan<byte> content)
    {
        foreach (var octet in content)
        {
            if (octet > 0x7F)
            {
                throw new FormatException();
            }
        }
        return Encoding.ASCII.GetString(content);
    }

    /// <summary>RFC 4514 §2.4 escaping.</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';'
                || (i == 0 && c is ' ' or '#')
                || (i == value.Length - 1 && c == ' '))
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20 || c == 0x7F)
            {
                builder.Append('\\').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
