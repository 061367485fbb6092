using Gateway.Tests.Cms;
using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Integration;
using static Gateway.Tests.Hostile.Cms.Ber;

namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// A deterministic SignedData and EnvelopedData, written octet by octet, whose parts the corpus replaces one at a time.
/// Nothing in them is random (no key, no signing time), so every offset in every expected reply is the same on each run.
/// </summary>
internal static class CmsSkeleton
{
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";

    public static readonly byte[] Ipm = X400TestContent.Ipm("hostile corpus", "a deterministic IPM");

    public static byte[] Name(string commonName) => Seq(Set(Seq(Oid("2.5.4.3"), Tlv(0x0C, Encoding.UTF8.GetBytes(commonName)))));

    public static byte[] AlgorithmId(string oid) => Seq(Oid(oid), Null());

    public static byte[] IssuerAndSerial(byte[]? serial = null) => Seq(Name("Hostile Corpus CA"), Int(serial ?? [0x01, 0x23]));

    public static byte[] SignerInfo(byte[]? version = null, byte[]? sid = null, byte[]? digestAlgorithm = null, byte[]? signatureAlgorithm = null,
        byte[]? signature = null, byte[]? signedAttributes = null) =>
        Seq(version ?? Int(1), sid ?? IssuerAndSerial(), digestAlgorithm ?? AlgorithmId(Sha256), signedAttributes ?? SignedAttributes(),
            signatureAlgorithm ?? AlgorithmId(RsaEncryption), signature ?? Octets(Enumerable.Repeat((byte)0x5A, 256).ToArray()));

    /// <summary>contentType and a true messageDigest of <see cref="Ipm"/>: the verifier gets as far as the signature itself.</summary>
    public static byte[] SignedAttributes() =>
        Tlv(0xA0, Seq(Oid("1.2.840.113549.1.9.3"), Set(Oid(CmsOids.Ipm88))), Seq(Oid("1.2.840.113549.1.9.4"), Set(Octets(SHA256.HashData(Ipm)))));

    public static byte[] EncapsulatedContent(byte[]? type = null, byte[]? content = null) =>
        Seq(type ?? Oid(CmsOids.Ipm88), content ?? Explicit0(Octets(Ipm)));

    public static byte[] SignedData(byte[]? version = null, byte[]? digestAlgorithms = null, byte[]? encapsulated = null, byte[]? certificates = null,
        byte[]? crls = null, byte[]? signerInfos = null, byte[]? trailing = null, byte tag = 0x30) =>
        Tlv(tag, version ?? Int(1), digestAlgorithms ?? Set(AlgorithmId(Sha256)), encapsulated ?? EncapsulatedContent(), certificates ?? [], crls ?? [],
            signerInfos ?? Set(SignerInfo()), trailing ?? []);

    public static byte[] ContentInfo(byte[] content, byte[]? type = null, byte tag = 0x30, byte explicitTag = 0xA0) =>
        Tlv(tag, type ?? Oid(CmsOids.SignedData), Tlv(explicitTag, content));

    public static byte[] Signed() => ContentInfo(SignedData());

    /// <summary>
    /// Certificate-shaped, not a certificate anyone issued: a TBSCertificate with a fixed 2048-bit modulus and a signature of
    /// fixed octets. The gateway must read past it (or refuse it) without checking it.
    /// </summary>
    public static byte[] Certificate(byte[]? serial = null)
    {
        var modulus = Enumerable.Range(0, 256).Select(i => (byte)(i == 0 ? 0xC5 : 0x11 * (i % 15) + 1)).ToArray();
        var publicKey = Seq(Int([0x00, .. modulus]), Int(0x01, 0x00, 0x01));
        var time = (string t) => Tlv(0x17, Encoding.ASCII.GetBytes(t));
        var tbs = Seq(Tlv(0xA0, Int(2)), Int(serial ?? [0x01, 0x23]), AlgorithmId("1.2.840.113549.1.1.11"), Name("Hostile Corpus CA"),
            Seq(time("260101000000Z"), time("360101000000Z")), Name("Hostile Corpus Signer"),
            Seq(AlgorithmId(RsaEncryption), Tlv(0x03, [0x00, .. publicKey])));
        return Seq(tbs, AlgorithmId("1.2.840.113549.1.1.11"), Tlv(0x03, [0x00, .. Enumerable.Repeat((byte)0xA5, 256)]));
    }

    public static byte[] KeyTransRecipient() =>
        Seq(Int(0), IssuerAndSerial(), AlgorithmId(RsaEncryption), Octets(Enumerable.Repeat((byte)0x3C, 256).ToArray()));

    public static byte[] EncryptedContentInfo(byte[]? type = null, byte[]? encrypted = null) =>
        Seq(type ?? Oid(CmsOids.Data), Seq(Oid(Aes256Cbc), Octets(Enumerable.Repeat((byte)0x0F, 16).ToArray())),
            encrypted ?? Tlv(0x80, Enumerable.Repeat((byte)0xE7, 64).ToArray()));

    public static byte[] EnvelopedData(byte[]? version = null, byte[]? recipientInfos = null, byte[]? encryptedContentInfo = null, byte tag = 0x30) =>
        Tlv(tag, version ?? Int(0), recipientInfos ?? Set(KeyTransRecipient()), encryptedContentInfo ?? EncryptedContentInfo());

    public static byte[] Enveloped(byte[]? envelopedData = null) => ContentInfo(envelopedData ?? EnvelopedData(), Oid(CmsOids.EnvelopedData));
}
