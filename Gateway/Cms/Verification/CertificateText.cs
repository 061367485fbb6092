using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>Certificate facts as the inspector and OpenSSL print them, so that a log line can be matched to either.</summary>
internal static class CertificateText
{
    private static readonly string[] ReasonNames =
    [
        "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded", "cessationOfOperation",
        "certificateHold", "7", "removeFromCRL", "privilegeWithdrawn", "aACompromise",
    ];

    /// <summary>RFC 4514, by the inspector's formatter; BouncyCastle's rendering only if that refuses the name.</summary>
    public static string Name(X509Name name)
    {
        try
        {
            var der = name.GetEncoded(Asn1Encodable.Der);
            var document = BerDocument.Scan(der, maxDepth: 16, baseOffset: 0, origin: null, "Name");
            return DistinguishedNameFormatter.Format(CmsCursor.ForElements(document, "name"), document.Root, "name");
        }
        catch (Exception e) when (e is CmsFormatException or System.Formats.Asn1.AsnContentException)
        {
            return name.ToString(reverse: true, X509Name.RFC2253Symbols);
        }
    }

    public static string Subject(X509Certificate certificate) => Name(certificate.SubjectDN);

    /// <summary>The INTEGER's content octets without leading zero octets, in hex: what the inspector and <c>openssl x509 -serial</c> print.</summary>
    public static string Serial(BigInteger serial)
    {
        var octets = serial.ToByteArray().AsSpan();
        while (octets.Length > 1 && octets[0] == 0)
        {
            octets = octets[1..];
        }
        return Convert.ToHexString(octets);
    }

    public static string? SubjectKeyIdentifier(X509Certificate certificate) =>
        certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } value
            ? Convert.ToHexString(Asn1OctetString.GetInstance(value.GetOctets()).GetOctets())
            : null;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Utc(DateTime time) =>
        new(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc));

    public static string CrlReason(int reason) =>
        reason >= 0 && reason < ReasonNames.Length ? ReasonNames[reason] : reason.ToString(CultureInfo.InvariantCulture);
}
