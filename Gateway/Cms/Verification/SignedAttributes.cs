using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

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

    /// <param name="attributes">The SignerInfo's signedAttrs, present.</param>
    /// <param name="eContentType">The SignedData's eContentType, which the contentType attribute must repeat.</param>
    public static bool TryRead(
        Asn1Set attributes,
        string eContentType,
        [NotNullWhen(true)] out SignedAttributes? read,
        [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (attributes.Count == 0)
        {
            error = "signedAttrs is present but empty (RFC 5652 §5.3: SIZE (1..MAX))";
            return false;
        }

        var values = new Dictionary<string, Asn1Encodable>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var element in attributes)
        {
            var attribute = Attribute.GetInstance(element);
            var oid = attribute.AttrType.Id;
            var count = attribute.AttrValues.Count;
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
                if (!unknown.Contains(oid))
                {
                    unknown.Add(oid);
                }
                continue;
            }
            if (values.ContainsKey(oid))
            {
                error = $"{known.Name} appears twice among the signed attributes ({known.Rule} allows one instance)";
                return false;
            }
            if (count > 1)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"{known.Name} has {count} values ({known.Rule} allows one)");
                return false;
            }
            values[oid] = attribute.AttrValues[0];
        }

        if (!values.TryGetValue(ContentTypeOid, out var contentTypeValue))
        {
            error = "no contentType among the signed attributes (RFC 5652 §5.3 requires it)";
            return false;
        }
        if (!values.TryGetValue(MessageDigestOid, out var messageDigestValue))
        {
            error = "no messageDigest among the signed attributes (RFC 5652 §5.3 requires it)";
            return false;
        }
        var contentType = DerObjectIdentifier.GetInstance(contentTypeValue).Id;
        if (contentType != eContentType)
        {
            error = $"the contentType attribute {CmsOidNames.Describe(contentType)} differs from eContentType {CmsOidNames.Describe(eContentType)}";
            return false;
        }

        read = new SignedAttributes
        {
            ContentType = contentType,
            MessageDigest = Asn1OctetString.GetInstance(messageDigestValue).GetOctets(),
            SigningTime = values.TryGetValue(SigningTimeOid, out var time)
                ? new DateTimeOffset(DateTime.SpecifyKind(Time.GetInstance(time).ToDateTime(), DateTimeKind.Utc))
                : null,
            SigningCertificate = values.TryGetValue(SigningCertificateOid, out var v1) ? SigningCertificate.GetInstance(v1) : null,
            SigningCertificateV2 = values.TryGetValue(SigningCertificateV2Oid, out var v2) ? SigningCertificateV2.GetInstance(v2) : null,
            AlgorithmProtection = values.TryGetValue(AlgorithmProtectionOid, out var protection) ? CmsAlgorithmProtection.GetInstance(protection) : null,
            Unknown = unknown,
        };
        error = null;
        return true;
    }
}
