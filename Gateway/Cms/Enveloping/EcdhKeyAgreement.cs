using System.Buffers.Binary;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms.Ecc;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Utilities;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// The ephemeral-static ECDH of RFC 5753 §3.1: the shared secret Z, the ANSI X9.63 KDF over Z and the DER
/// ECC-CMS-SharedInfo, and the key wrap (AES, RFC 3394; Triple-DES, RFC 3217) of the content-encryption key.
/// </summary>
/// <remarks>
/// Written out rather than left to BouncyCastle's <c>AddKeyAgreementRecipient</c>: what that produces OpenSSL 3 cannot
/// unwrap, and BouncyCastle refuses OpenSSL's envelopes because their originator key carries no curve parameters (which
/// RFC 5753 allows: the curve is the recipient's). Every step here is checked against <c>openssl cms</c> in both directions.
/// </remarks>
internal static class EcdhKeyAgreement
{
    /// <summary>The key-agreement schemes of RFC 5753 §7.1.4 that are read and written: standard or cofactor DH with the KDF's hash.</summary>
    private static readonly Dictionary<string, (string Name, bool Cofactor, Func<IDigest> Digest)> Schemes = new(StringComparer.Ordinal)
    {
        ["1.3.133.16.840.63.0.2"] = ("dhSinglePass-stdDH-sha1kdf-scheme", false, () => new Sha1Digest()),
        ["1.3.132.1.11.0"] = ("dhSinglePass-stdDH-sha224kdf-scheme", false, () => new Sha224Digest()),
        ["1.3.132.1.11.1"] = ("dhSinglePass-stdDH-sha256kdf-scheme", false, () => new Sha256Digest()),
        ["1.3.132.1.11.2"] = ("dhSinglePass-stdDH-sha384kdf-scheme", false, () => new Sha384Digest()),
        ["1.3.132.1.11.3"] = ("dhSinglePass-stdDH-sha512kdf-scheme", false, () => new Sha512Digest()),
        ["1.3.133.16.840.63.0.3"] = ("dhSinglePass-cofactorDH-sha1kdf-scheme", true, () => new Sha1Digest()),
        ["1.3.132.1.14.0"] = ("dhSinglePass-cofactorDH-sha224kdf-scheme", true, () => new Sha224Digest()),
        ["1.3.132.1.14.1"] = ("dhSinglePass-cofactorDH-sha256kdf-scheme", true, () => new Sha256Digest()),
        ["1.3.132.1.14.2"] = ("dhSinglePass-cofactorDH-sha384kdf-scheme", true, () => new Sha384Digest()),
        ["1.3.132.1.14.3"] = ("dhSinglePass-cofactorDH-sha512kdf-scheme", true, () => new Sha512Digest()),
    };

    /// <summary>The key wraps read and written, with their key-encryption key sizes in bytes: AES (RFC 3565 §2.3.2) and
    /// the CMS Triple-DES wrap (RFC 3217), which OpenSSL uses when the content is Triple-DES.</summary>
    private static readonly Dictionary<string, (int Length, Func<IWrapper> Engine)> Wraps = new(StringComparer.Ordinal)
    {
        [NistObjectIdentifiers.IdAes128Wrap.Id] = (16, () => new AesWrapEngine()),
        [NistObjectIdentifiers.IdAes192Wrap.Id] = (24, () => new AesWrapEngine()),
        [NistObjectIdentifiers.IdAes256Wrap.Id] = (32, () => new AesWrapEngine()),
        [PkcsObjectIdentifiers.IdAlgCms3DesWrap.Id] = (24, () => new DesEdeWrapEngine()),
    };

    public const string IdEcPublicKey = "1.2.840.10045.2.1";

    public static bool IsScheme(string oid) => Schemes.ContainsKey(oid);

    /// <summary>
    /// The scheme written for a curve: the KDF hash grows with the curve as RFC 5753 §8 and Suite B (RFC 5008) pair them,
    /// SHA-256 up to 256-bit curves, SHA-384 up to 384, SHA-512 above.
    /// </summary>
    public static string SchemeFor(ECDomainParameters curve)
    {
        var bits = curve.N.BitLength;
        return bits <= 256 ? "1.3.132.1.11.1" : bits <= 384 ? "1.3.132.1.11.2" : "1.3.132.1.11.3";
    }

    /// <summary>
    /// The wrap for a content cipher, as OpenSSL chooses it: the Triple-DES wrap (parameters NULL, RFC 3370 §4.3.1) for
    /// Triple-DES content; otherwise AES as strong as the content key (16 bytes AES-128, 24 AES-192, else AES-256).
    /// </summary>
    public static AlgorithmIdentifier WrapFor(string contentCipher, int contentKeyLength) =>
        contentCipher == PkcsObjectIdentifiers.DesEde3Cbc.Id ? new AlgorithmIdentifier(PkcsObjectIdentifiers.IdAlgCms3DesWrap, DerNull.Instance)
        : new AlgorithmIdentifier(contentKeyLength <= 16 ? NistObjectIdentifiers.IdAes128Wrap : contentKeyLength <= 24 ? NistObjectIdentifiers.IdAes192Wrap : NistObjectIdentifiers.IdAes256Wrap);

    /// <summary>The key-encryption key both sides derive from their halves of the agreement.</summary>
    /// <exception cref="InvalidDataException">An unknown scheme or wrap algorithm, or a public key not on the private key's curve.</exception>
    public static KeyParameter DeriveKek(string scheme, AlgorithmIdentifier wrap, ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey, byte[]? ukm)
    {
        if (!Schemes.TryGetValue(scheme, out var kdf)) throw new InvalidDataException($"key agreement scheme {scheme} is not supported");
        if (!Wraps.TryGetValue(wrap.Algorithm.Id, out var wrapping)) throw new InvalidDataException($"key wrap algorithm {wrap.Algorithm.Id} is not supported (AES and Triple-DES key wrap only)");
        var kekLength = wrapping.Length;
        IBasicAgreement agreement = kdf.Cofactor ? new ECDHCBasicAgreement() : new ECDHBasicAgreement();
        agreement.Init(privateKey);
        byte[] z;
        try
        {
            z = BigIntegers.AsUnsignedByteArray(agreement.GetFieldSize(), agreement.CalculateAgreement(publicKey));
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidDataException($"the originator's public key does not agree with the recipient's: {e.Message}", e);
        }
        var sharedInfo = new ECC_CMS_SharedInfo(wrap, ukm is null ? null : new DerOctetString(ukm), new DerOctetString(KeyBits(kekLength))).GetEncoded(Asn1Encodable.Der);
        var generator = new Kdf2BytesGenerator(kdf.Digest()); // KDF2 counts from 1: the X9.63 KDF of RFC 5753 §7.2
        generator.Init(new KdfParameters(z, sharedInfo));
        var kek = new byte[kekLength];
        generator.GenerateBytes(kek, 0, kek.Length);
        Array.Clear(z);
        return new KeyParameter(kek);
    }

    private static byte[] KeyBits(int length)
    {
        var bits = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bits, (uint)length * 8);
        return bits;
    }

    public static byte[] Wrap(AlgorithmIdentifier wrap, KeyParameter kek, byte[] contentKey)
    {
        var engine = Wraps[wrap.Algorithm.Id].Engine();
        engine.Init(true, kek);
        return engine.Wrap(contentKey, 0, contentKey.Length);
    }

    /// <exception cref="InvalidDataException">The integrity check of the wrap fails: a wrong key or a damaged RecipientInfo.</exception>
    public static byte[] Unwrap(AlgorithmIdentifier wrap, KeyParameter kek, byte[] wrapped)
    {
        var engine = Wraps[wrap.Algorithm.Id].Engine();
        engine.Init(false, kek);
        try
        {
            return engine.Unwrap(wrapped, 0, wrapped.Length);
        }
        catch (InvalidCipherTextException e)
        {
            throw new InvalidDataException("the wrapped content-encryption key does not unwrap with the agreed key (not for this key, or damaged)", e);
        }
    }
}
