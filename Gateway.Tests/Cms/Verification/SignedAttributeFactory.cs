using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Smime;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Gateway.Tests.Cms.Verification;

/// <summary>Signed attributes as a sending agent following RFC 3854 §2.5 writes them, for BouncyCastle's generator.</summary>
internal static class SignedAttributeFactory
{
    public const string SigningTime = "1.2.840.113549.1.9.5";
    public const string SmimeCapabilities = "1.2.840.113549.1.9.15";
    public const string EncryptionKeyPreference = "1.2.840.113549.1.9.16.2.11";
    public const string SigningCertificate = "1.2.840.113549.1.9.16.2.12";
    public const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";

    public static Attribute Make(string oid, X509Certificate certificate, params Asn1Encodable[] values) =>
        new(new DerObjectIdentifier(oid), new DerSet(values.Length > 0 ? values : [ValueOf(oid, certificate)]));

    /// <summary>One well-formed value of each RFC 3854 §2.5 attribute, for <paramref name="certificate"/>.</summary>
    public static Asn1Encodable ValueOf(string oid, X509Certificate certificate) => oid switch
    {
        SigningTime => new Time(DateTime.UtcNow),
        SmimeCapabilities => new DerSequence(new DerSequence(NistObjectIdentifiers.IdAes256Cbc)),
        EncryptionKeyPreference => new SmimeEncryptionKeyPreferenceAttribute(
            new IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)).AttrValues[0],
        SigningCertificate => new Org.BouncyCastle.Asn1.Ess.SigningCertificate(new EssCertID(Hash("SHA-1", certificate))),
        SigningCertificateV2 => V2(certificate, Hash("SHA-256", certificate)),
        _ => throw new ArgumentOutOfRangeException(nameof(oid), oid, "not an RFC 3854 §2.5 attribute"),
    };

    public static SigningCertificateV2 V2(X509Certificate certificate, byte[] hash, IssuerSerial? issuerSerial = null) =>
        new(new[] { new EssCertIDv2(hash, issuerSerial) });

    public static IssuerSerial IssuerSerialOf(X509Certificate issuerOf, X509Certificate serialOf) =>
        new(new GeneralNames(new GeneralName(issuerOf.IssuerDN)), new DerInteger(serialOf.SerialNumber));

    public static byte[] Hash(string algorithm, X509Certificate certificate) => DigestUtilities.CalculateDigest(algorithm, certificate.GetEncoded());

    public static AttributeTable Table(params Attribute[] attributes) => new(new Asn1EncodableVector(attributes));
}
