using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Smime;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using IssuerAndSerialNumber = Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber;
using Time = Org.BouncyCastle.Asn1.Cms.Time;
using SignerInfo = Org.BouncyCastle.Asn1.Cms.SignerInfo;
using SignedData = Org.BouncyCastle.Asn1.Cms.SignedData;
using ContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;

namespace Gateway.Cms.Signing;

/// <summary>
/// Signs X.400 content into the encapsulated SignedData of RFC 3854 §3.2: eContentType is the X.400 content type,
/// SHA-256, RSA PKCS#1 v1.5 or ECDSA after the key, and the signed attributes §2.5 asks a sending agent for —
/// signingTime, sMIMECapabilities, sMIMEEncryptionKeyPreference and ESS signingCertificateV2 (with contentType,
/// messageDigest and CMSAlgorithmProtection). The signer's certificate and chain go in the certificate set.
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
        var factory = (ISignatureFactory?)PlatformSignatureFactory.For(signer.PrivateKey) ?? new Asn1SignatureFactory(algorithm, signer.PrivateKey);
        var certificate = signer.Certificate;
        var contentType = new DerObjectIdentifier(eContentType);
        var signatureAlgorithm = (AlgorithmIdentifier)factory.AlgorithmDetails;

        // The SignedData is put together here rather than by BouncyCastle's CmsSignedDataGenerator, which hashes the
        // content with its own managed SHA-256 (no hook for another): that hash was half the cost of signing a 10 KB
        // message. The platform's SHA-256 is several times faster. What is built is what the generator built, octet
        // for octet (X400ContentSignerTests compares them): contentType, messageDigest and CMSAlgorithmProtection beside
        // the attributes below, in a DER SET.
        var attributes = new Asn1EncodableVector(
            new Attribute(CmsAttributes.ContentType, new DerSet(contentType)),
            new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(signingTime.UtcDateTime))),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString(SHA256.HashData(content.Span)))),
            new Attribute(CmsAttributes.CmsAlgorithmProtect, new DerSet(new CmsAlgorithmProtection(Sha256, CmsAlgorithmProtection.Signature, signatureAlgorithm))));
        attributes.AddAll(ConstantAttributes.GetValue(signer, IdentityAttributes));
        var signedAttributes = new DerSet(attributes);

        var calculator = factory.CreateCalculator();
        using (var stream = calculator.Stream) signedAttributes.EncodeTo(stream, Asn1Encodable.Der);
        var signature = calculator.GetResult().Collect();

        var signerInfo = new SignerInfo(new SignerIdentifier(new IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)), Sha256,
            signedAttributes, signatureAlgorithm, new DerOctetString(signature), null);
        var certificates = new Asn1EncodableVector();
        foreach (var c in new[] { certificate }.Concat(signer.Chain)) certificates.Add(c.CertificateStructure);
        var signedData = new SignedData(new DerSet(Sha256), new ContentInfo(contentType, new DerOctetString(content.ToArray())),
            new DerSet(certificates), null, new DerSet(signerInfo));
        return new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
    }

    private static readonly AlgorithmIdentifier Sha256 = new(NistObjectIdentifiers.IdSha256);
}
