using System.Formats.Asn1;
using System.Text;

namespace Gateway.Tests.Integration;

/// <summary>Test material in the shapes the gateway carries: a small P22 IPM, and RFC 3854 MIME messages around it.</summary>
internal static class X400TestContent
{
    /// <summary>
    /// A minimal X.420 IPM (InformationObject ipm [0]): heading with this-IPM and subject, one IA5 text body part.
    /// Built directly with AsnWriter, independently of the gateway's own codec.
    /// </summary>
    public static byte[] Ipm(string subject, string text)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        {
            using (w.PushSetOf())
            {
                using (w.PushSetOf(new Asn1Tag(TagClass.Application, 11, true)))
                {
                    w.WriteCharacterString(UniversalTagNumber.PrintableString, "1");
                }
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 8, true)))
                {
                    w.WriteCharacterString(UniversalTagNumber.T61String, subject);
                }
            }
            using (w.PushSequence())
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    using (w.PushSetOf()) { }
                    w.WriteCharacterString(UniversalTagNumber.IA5String, text);
                }
            }
        }
        return w.Encode();
    }

    /// <summary>An IPM whose heading names its originator (ORDescriptor with a formal name), for the RFC 3854 §4.3 check.</summary>
    public static byte[] IpmFrom(Gateway.X400.OrName originator, string subject, string text)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        {
            using (w.PushSetOf())
            {
                using (w.PushSetOf(new Asn1Tag(TagClass.Application, 11, true)))
                {
                    w.WriteCharacterString(UniversalTagNumber.PrintableString, "1");
                }
                // originator [0] ORDescriptor (an implicit SET) { formal-name ORName }
                using (w.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    w.WriteEncodedValue(Gateway.X400.MtsApduCodec.EncodeOrName(originator));
                }
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 8, true)))
                {
                    w.WriteCharacterString(UniversalTagNumber.T61String, subject);
                }
            }
            using (w.PushSequence())
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
                {
                    using (w.PushSetOf()) { }
                    w.WriteCharacterString(UniversalTagNumber.IA5String, text);
                }
            }
        }
        return w.Encode();
    }

    /// <summary>An RFC 3854 §3.2.1/§3.3.1 message: the CMS object, base64 in 76 columns, under the given Content-Type.</summary>
    public static byte[] Wrapped(string contentType, byte[] body, string to = "john.smith@x400.example", string transferEncoding = "base64",
        string? encodedBody = null)
    {
        var sb = new StringBuilder();
        sb.Append("From: alice@example.com\r\n");
        sb.Append($"To: {to}\r\n");
        sb.Append("Subject: RFC 3854 test\r\n");
        sb.Append($"Message-ID: <{Guid.NewGuid():N}@example.com>\r\n");
        sb.Append("Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n");
        sb.Append("MIME-Version: 1.0\r\n");
        sb.Append($"Content-Type: {contentType}\r\n");
        sb.Append($"Content-Transfer-Encoding: {transferEncoding}\r\n");
        sb.Append("\r\n");
        sb.Append(encodedBody ?? Base64Lines(body));
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static string Base64Lines(byte[] data)
    {
        var text = Convert.ToBase64String(data);
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i += 76) sb.Append(text.AsSpan(i, Math.Min(76, text.Length - i))).Append("\r\n");
        return sb.ToString();
    }
}
