using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Smime;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;
using Time = Org.BouncyCastle.Asn1.Cms.Time;

namespace Gateway.Cms.Signing;

/// <summary>
/// Signs X.400 content into the encapsulated SignedData of RFC 3854 §3.2: eContentType is the X.400 content type,
/// SHA-256, RSA PKCS#1 v1.5 or ECDSA after the key, and the signed attributes §2.5 asks a sending agent for —
/// signingTime, sMIMECapabilities, sMIMEEncryptionKeyPreference and ESS signingCertificateV2 (BouncyCastle adds
/// contentType and messageDigest). The signer's certificate and chain go in the certificate set.
/// </summary>
public static class X400ContentSigner
{
    // The attributes that depend only on the identity, made once per identity rather than per message (hashing the
    // certificate for signingCertificateV2 among them).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SigningIdentity, Asn1EncodableVector> ConstantAttributes = [];

    private static Asn1EncodableVector IdentityAttributes(SigningIdentity signer)
    {
        var certificate = signer.Certificate;
        return new Asn1EncodableVector(
            new Attribute(SmimeAttributes.SmimeCapabilities, new DerSet(new DerSequence(
                // What this gateway can decrypt, strongest first (RFC 3854 §2.5, RFC 8551 §2.5.2).
                new DerSequence(NistObjectIdentifiers.IdAes256Cbc),
                new DerSequence(NistObjectIdentifiers.IdAes192Cbc),
                new DerSequence(NistObjectIdentifiers.IdAes128Cbc),
                new DerSequence(PkcsObjectIdentifiers.DesEde3Cbc)))),
            new SmimeEncryptionKeyPreferenceAttribute(new IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)),
            new Attribute(PkcsObjectIdentifiers.IdAASigningCertificateV2, new DerSet(new SigningCertificateV2(new[]
            {
                new EssCertIDv2(DigestUtilities.CalculateDigest("SHA-256", certificate.GetEncoded()),
                    new IssuerSerial(new GeneralNames(new GeneralName(certificate.IssuerDN)), new DerInteger(certificate.SerialNumber))),
            }))));
    }

    public static byte[] Sign(ReadOnlyMemory<byte> content, string eContentType, SigningIdentity signer, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var algorithm = signer.PrivateKey switch
        {
            RsaKeyParameters => "SHA256WITHRSA",
            ECPrivateKeyParameters => "SHA256WITHECDSA",
            _ => throw new ArgumentException($"a {signer.PrivateKey.GetType().Name} key cannot sign here; RSA or EC keys can", nameof(signer)),
        };
        var certificate = signer.Certificate;
        var attributes = new Asn1EncodableVector(new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(signingTime.UtcDateTime))));
        attributes.AddAll(ConstantAttributes.GetValue(signer, IdentityAttributes));
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
            .Build((ISignatureFactory?)PlatformSignatureFactory.For(signer.PrivateKey) ?? new Asn1SignatureFactory(algorithm, signer.PrivateKey), certificate));
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { certificate }.Concat(signer.Chain)));
        var signed = generator.Generate(new CmsProcessableByteArray(new DerObjectIdentifier(eContentType), content.ToArray()), encapsulate: true);
        return signed.GetEncoded(Asn1Encodable.Der);
    }
}
