using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;

namespace Gateway.Cms.Verification;

/// <summary>
/// The signed attributes of one SignerInfo, read under the rules that do not need the signature: RFC 5652 §5.3 and
/// §11 (contentType and messageDigest present, once, with one value; no countersignature) and RFC 3854 §2.5 (zero or
/// one instance of signingTime, sMIMECapabilities, sMIMEEncryptionKeyPreference and the ESS signingCertificate
/// attributes). Anything else is kept by OID for display, as §2.5 asks.
/// </summary>
internal sealed record SignedAttributes
{
    public const string ContentTypeOid = "1.2.840.113549.1.9.3";
    public const string MessageDigestOid = "1.2.840.113549.1.9.4";
    public const string SigningTimeOid = "1.2.840.113549.1.9.5";
    public const string CounterSignatureOid = "1.2.840.113549.1.9.6";
    public const string SmimeCapabilitiesOid = "1.2.840.113549.1.9.15";
    public const string EncryptionKeyPreferenceOid = "1.2.840.113549.1.9.16.2.11";
    public const string SigningCertificateOid = "1.2.840.113549.1.9.16.2.12";
    public const string SigningCertificateV2Oid = "1.2.840.113549.1.9.16.2.47";
    public const string AlgorithmProtectionOid = "1.2.840.113549.1.9.52";

    // Each at most once, with one value; the text is the rule that says so.
    private static readonly Dictionary<string, (string Name, string Rule)> SingleInstance = new(StringComparer.Ordinal)
    {
        [ContentTypeOid] = ("contentType", "RFC 5652 §11.1"),
        [MessageDigestOid] = ("messageDigest", "RFC 5652 §11.2"),
        [SigningTimeOid] = ("signingTime", "RFC 3854 §2.5"),
        [SmimeCapabilitiesOid] = ("sMIMECapabilities", "RFC 3854 §2.5"),
        [EncryptionKeyPreferenceOid] = ("sMIMEEncryptionKeyPreference", "RFC 3854 §2.5"),
        [SigningCertificateOid] = ("signingCertificate", "RFC 3854 §2.5"),
        [SigningCertificateV2Oid] = ("signingCertificateV2", "RFC 3854 §2.5"),
        [AlgorithmProtectionOid] = ("cmsAlgorithmProtect", "RFC 6211 §2"),
    };

    public required string ContentType { get; init; }

    public required byte[] MessageDigest { get; init; }

    public DateTimeOffset? SigningTime { get; init; }

    public SigningCertificate? SigningCertificate { get; init; }

    public SigningCertificateV2? SigningCertificateV2 { get; init; }

    public CmsAlgorithmProtection? AlgorithmProtection { get; init; }

    public IReadOnlyList<string> Unknown { get; init; } = [];

    public static string NameOf(string oid) => SingleInstance.TryGetValue(oid, out var known) ? known.Name : oid;

    /// <param name="attributes">The SignerInfo's signedAttrs as received, under their [0] tag.</param>
    /// <param name="eContentType">The SignedData's eContentType, which the contentType attribute must repeat.</param>
    /// <remarks>A malformed encoding throws <see cref="AsnContentException"/>, or as BouncyCastle throws for the ESS and algorithm-protection values.</remarks>
    public static bool TryRead(
        ReadOnlyMemory<byte> attributes,
        string eContentType,
        [NotNullWhen(true)] out SignedAttributes? read,
        [NotNullWhen(false)] out string? error)
    {
        read = null;
        var outer = new AsnReader(attributes, AsnEncodingRules.BER);
        var set = outer.ReadSetOf(Context0);
        outer.ThrowIfNotEmpty();
        if (!set.HasData)
        {
            error = "signedAttrs is present but empty (RFC 5652 §5.3: SIZE (1..MAX))";
            return false;
        }

        // The handful of attributes a signer sends: a list searched in place costs less than a dictionary per message.
        var values = new List<(string Oid, ReadOnlyMemory<byte> Value)>(6);
        List<string>? unknown = null;
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var oid = attribute.ReadObjectIdentifier();
            var attributeValues = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            var count = 0;
            ReadOnlyMemory<byte> first = default;
            while (attributeValues.HasData)
            {
                var value = attributeValues.ReadEncodedValue();
                if (count++ == 0) first = value;
            }
            if (count == 0)
            {
                error = $"signed attribute {NameOf(oid)} has no value (X.501 requires one or more)";
                return false;
            }
            if (oid == CounterSignatureOid)
            {
                error = "a countersignature among the signed attributes (RFC 5652 §11.4 allows it only unsigned)";
                return false;
            }
            if (!SingleInstance.TryGetValue(oid, out var known))
            {
                unknown ??= [];
                if (!unknown.Contains(oid))
                {
                    unknown.Add(oid);
                }
                continue;
            }
            if (Find(values, oid) is not null)
            {
                error = $"{known.Name} appears twice among the signed attributes ({known.Rule} allows one instance)";
                return false;
            }
            if (count > 1)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{known.Name} has {count} values ({known.Rule} allows one)");
                return false;
            }
            values.Add((oid, first));
        }

        if (Find(values, ContentTypeOid) is not { } contentTypeValue)
        {
            error = "no contentType among the signed attributes (RFC 5652 §5.3 requires it)";
            return false;
        }
        if (Find(values, MessageDigestOid) is not { } messageDigestValue)
        {
            error = "no messageDigest among the signed attributes (RFC 5652 §5.3 requires it)";
            return false;
        }
        var contentType = Single(contentTypeValue).ReadObjectIdentifier();
        if (contentType != eContentType)
        {
            error = $"the contentType attribute {CmsOidNames.Describe(contentType)} differs from eContentType {CmsOidNames.Describe(eContentType)}";
            return false;
        }

        read = new SignedAttributes
        {
            ContentType = contentType,
            MessageDigest = Single(messageDigestValue).ReadOctetString(),
            SigningTime = Find(values, SigningTimeOid) is { } time ? ReadTime(time) : null,
            SigningCertificate = Find(values, SigningCertificateOid) is { } v1 ? SigningCertificate.GetInstance(Parse(v1)) : null,
            SigningCertificateV2 = Find(values, SigningCertificateV2Oid) is { } v2 ? SigningCertificateV2.GetInstance(Parse(v2)) : null,
            AlgorithmProtection = Find(values, AlgorithmProtectionOid) is { } protection ? CmsAlgorithmProtection.GetInstance(Parse(protection)) : null,
            Unknown = unknown ?? [],
        };
        error = null;
        return true;
    }

    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);

    private static ReadOnlyMemory<byte>? Find(List<(string Oid, ReadOnlyMemory<byte> Value)> values, string oid)
    {
        foreach (var (o, value) in values)
        {
            if (o == oid) return value;
        }
        return null;
    }

    /// <summary>A reader over one value, a whole TLV: nothing can follow what is read from it.</summary>
    private static AsnReader Single(ReadOnlyMemory<byte> value) => new(value, AsnEncodingRules.BER);

    private static Asn1Object Parse(ReadOnlyMemory<byte> value) => Asn1Object.FromByteArray(value.ToArray());

    /// <summary>signingTime (RFC 5652 §11.3): UTCTime, its two-digit years read as 1950-2049, or GeneralizedTime.</summary>
    private static DateTimeOffset ReadTime(ReadOnlyMemory<byte> value)
    {
        var reader = Single(value);
        var tag = reader.PeekTag();
        var time = tag == Asn1Tag.UtcTime ? reader.ReadUtcTime(2049)
            : tag == Asn1Tag.GeneralizedTime ? reader.ReadGeneralizedTime()
            : throw new AsnContentException("signingTime is neither UTCTime nor GeneralizedTime");
        reader.ThrowIfNotEmpty();
        return time.ToUniversalTime();
    }
}
