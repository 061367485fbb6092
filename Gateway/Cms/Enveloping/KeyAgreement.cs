using System.Buffers.Binary;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Cms.Ecc;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Agreement.Kdf;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// Ephemeral-static key agreement for KeyAgreeRecipientInfo, in the two families OpenSSL writes: ECDH (RFC 5753 §3.1,
/// the ANSI X9.63 KDF over the DER ECC-CMS-SharedInfo) and X9.42 Diffie-Hellman (RFC 2631 / RFC 3370 §4.1, id-alg-ESDH
/// with the SHA-1 KDF over OtherInfo); then the key wrap (AES, RFC 3394; Triple-DES, RFC 3217) of the content key.
/// </summary>
/// <remarks>
/// Written out rather than left to BouncyCastle's <c>AddKeyAgreementRecipient</c>: what that produces OpenSSL 3 cannot
/// unwrap, and BouncyCastle refuses OpenSSL's envelopes because their originator key carries no domain parameters (which
/// RFC 5753 and OpenSSL's ESDH allow: the parameters are the recipient's). Each step is checked against
/// <c>openssl cms</c> in both directions.
/// </remarks>
internal static class KeyAgreement
{
    public const string IdEcPublicKey = "1.2.840.10045.2.1";
    public const string IdDhPublicNumber = "1.2.840.10046.2.1";
    public const string IdAlgEsdh = "1.2.840.113549.1.9.16.3.5";

    /// <summary>The ECDH schemes of RFC 5753 §7.1.4: standard or cofactor DH, with the KDF's hash.</summary>
    private static readonly Dictionary<string, (bool Cofactor, Func<IDigest> Digest)> EcSchemes = new(StringComparer.Ordinal)
    {
        ["1.3.133.16.840.63.0.2"] = (false, () => new Sha1Digest()),
        ["1.3.132.1.11.0"] = (false, () => new Sha224Digest()),
        ["1.3.132.1.11.1"] = (false, () => new Sha256Digest()),
        ["1.3.132.1.11.2"] = (false, () => new Sha384Digest()),
        ["1.3.132.1.11.3"] = (false, () => new Sha512Digest()),
        ["1.3.133.16.840.63.0.3"] = (true, () => new Sha1Digest()),
        ["1.3.132.1.14.0"] = (true, () => new Sha224Digest()),
        ["1.3.132.1.14.1"] = (true, () => new Sha256Digest()),
        ["1.3.132.1.14.2"] = (true, () => new Sha384Digest()),
        ["1.3.132.1.14.3"] = (true, () => new Sha512Digest()),
    };

    /// <summary>The key wraps read and written, with their key-encryption key sizes in bytes.</summary>
    private static readonly Dictionary<string, (int Length, Func<IWrapper> Engine)> Wraps = new(StringComparer.Ordinal)
    {
        [NistObjectIdentifiers.IdAes128Wrap.Id] = (16, () => new AesWrapEngine()),
        [NistObjectIdentifiers.IdAes192Wrap.Id] = (24, () => new AesWrapEngine()),
        [NistObjectIdentifiers.IdAes256Wrap.Id] = (32, () => new AesWrapEngine()),
        [PkcsObjectIdentifiers.IdAlgCms3DesWrap.Id] = (24, () => new DesEdeWrapEngine()),
    };

    public static bool IsScheme(string oid) => oid == IdAlgEsdh || EcSchemes.ContainsKey(oid);

    /// <summary>Whether a recipient with this public key can be reached by agreement.</summary>
    public static bool CanAgree(AsymmetricKeyParameter publicKey) => publicKey is ECPublicKeyParameters or DHPublicKeyParameters;

    /// <summary>
    /// The scheme written for a recipient: ESDH for a DH key; for an EC key the KDF hash grows with the curve as
    /// RFC 5753 §8 and Suite B (RFC 5008) pair them — SHA-256 up to 256-bit curves, SHA-384 up to 384, SHA-512 above.
    /// </summary>
    public static string SchemeFor(AsymmetricKeyParameter recipientKey) => recipientKey switch
    {
        DHPublicKeyParameters => IdAlgEsdh,
        ECPublicKeyParameters ec => ec.Parameters.N.BitLength switch { <= 256 => "1.3.132.1.11.1", <= 384 => "1.3.132.1.11.2", _ => "1.3.132.1.11.3" },
        _ => throw new ArgumentException($"a {recipientKey.GetType().Name} cannot agree a key", nameof(recipientKey)),
    };

    /// <summary>
    /// The wrap for a content cipher, as OpenSSL chooses it: the Triple-DES wrap (parameters NULL, RFC 3370 §4.3.1) for
    /// Triple-DES content; otherwise AES as strong as the content key (16 bytes AES-128, 24 AES-192, else AES-256).
    /// </summary>
    public static AlgorithmIdentifier WrapFor(string contentCipher, int contentKeyLength) =>
        contentCipher == PkcsObjectIdentifiers.DesEde3Cbc.Id ? new AlgorithmIdentifier(PkcsObjectIdentifiers.IdAlgCms3DesWrap, DerNull.Instance)
        : new AlgorithmIdentifier(contentKeyLength <= 16 ? NistObjectIdentifiers.IdAes128Wrap : contentKeyLength <= 24 ? NistObjectIdentifiers.IdAes192Wrap : NistObjectIdentifiers.IdAes256Wrap);

    /// <summary>A fresh key pair on the recipient's curve or group: the originator's half.</summary>
    public static AsymmetricCipherKeyPair Ephemeral(AsymmetricKeyParameter recipientKey, SecureRandom random)
    {
        switch (recipientKey)
        {
            case ECPublicKeyParameters ec:
                var ecGenerator = new ECKeyPairGenerator();
                ecGenerator.Init(ec.PublicKeyParamSet is { } curve ? new ECKeyGenerationParameters(curve, random) : new ECKeyGenerationParameters(ec.Parameters, random));
                return ecGenerator.GenerateKeyPair();
            case DHPublicKeyParameters dh:
                var dhGenerator = new DHKeyPairGenerator();
                dhGenerator.Init(new DHKeyGenerationParameters(random, dh.Parameters));
                return dhGenerator.GenerateKeyPair();
            default:
                throw new ArgumentException($"a {recipientKey.GetType().Name} cannot agree a key", nameof(recipientKey));
        }
    }

    /// <summary>The originatorKey field: the algorithm with parameters absent (the recipient's apply) and the public value.</summary>
    public static OriginatorPublicKey OriginatorKeyOf(AsymmetricKeyParameter ephemeralPublic) => ephemeralPublic switch
    {
        ECPublicKeyParameters ec => new OriginatorPublicKey(new AlgorithmIdentifier(new DerObjectIdentifier(IdEcPublicKey)), ec.Q.GetEncoded(compressed: false)),
        DHPublicKeyParameters dh => new OriginatorPublicKey(new AlgorithmIdentifier(new DerObjectIdentifier(IdDhPublicNumber)), new DerInteger(dh.Y).GetEncoded(Asn1Encodable.Der)),
        _ => throw new ArgumentException($"a {ephemeralPublic.GetType().Name} has no originatorKey form", nameof(ephemeralPublic)),
    };

    /// <summary>The originator's public key read on the recipient's curve or group.</summary>
    /// <exception cref="InvalidDataException">Another algorithm, another curve, or a value that is not a public key there.</exception>
    public static AsymmetricKeyParameter OriginatorKeyFor(OriginatorPublicKey originator, AsymmetricKeyParameter recipientKey)
    {
        var algorithm = originator.Algorithm.Algorithm.Id;
        try
        {
            switch (recipientKey)
            {
                case ECPrivateKeyParameters ec when algorithm == IdEcPublicKey:
                    if (originator.Algorithm.Parameters is DerObjectIdentifier curve && ec.PublicKeyParamSet is { } ours && !curve.Equals(ours))
                        throw new InvalidDataException($"the originator's key is on curve {curve.Id}, the recipient's on {ours.Id}");
                    return new ECPublicKeyParameters(ec.Parameters.Curve.DecodePoint(originator.PublicKey.GetOctets()).Normalize(), ec.Parameters);
                case DHPrivateKeyParameters dh when algorithm == IdDhPublicNumber:
                    var y = DerInteger.GetInstance(Asn1Object.FromByteArray(originator.PublicKey.GetOctets())).Value;
                    if (y.CompareTo(BigInteger.One) <= 0 || y.CompareTo(dh.Parameters.P.Subtract(BigInteger.One)) >= 0)
                        throw new InvalidDataException("the originator's public value is outside the recipient's group");
                    return new DHPublicKeyParameters(y, dh.Parameters);
                default:
                    throw new InvalidDataException($"the originator's key is {algorithm}, which does not agree with the recipient's {recipientKey.GetType().Name}");
            }
        }
        catch (Exception e) when (e is ArgumentException or IOException)
        {
            throw new InvalidDataException($"the originator's public key is not a point on the recipient's curve or a value in its group: {e.Message}", e);
        }
    }

    /// <summary>The key-encryption key both sides derive from their halves of the agreement.</summary>
    /// <exception cref="InvalidDataException">An unknown scheme or wrap algorithm, or keys that do not belong together.</exception>
    public static KeyParameter DeriveKek(string scheme, AlgorithmIdentifier wrap, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey, byte[]? ukm)
    {
        if (!Wraps.TryGetValue(wrap.Algorithm.Id, out var wrapping))
            throw new InvalidDataException($"key wrap algorithm {wrap.Algorithm.Id} is not supported (AES and Triple-DES key wrap only)");
        var kek = new byte[wrapping.Length];
        byte[] z;
        IDerivationFunction kdf;
        if (scheme == IdAlgEsdh)
        {
            z = SharedSecret(new DHBasicAgreement(), privateKey, publicKey);
            kdf = new DHKekGenerator(new Sha1Digest()); // RFC 2631 §2.1.2 over OtherInfo; ESDH names no other hash
            kdf.Init(new DHKdfParameters(wrap.Algorithm, kek.Length * 8, z, ukm));
        }
        else if (EcSchemes.TryGetValue(scheme, out var ecdh))
        {
            z = SharedSecret(ecdh.Cofactor ? new ECDHCBasicAgreement() : new ECDHBasicAgreement(), privateKey, publicKey);
            var sharedInfo = new ECC_CMS_SharedInfo(wrap, ukm is null ? null : new DerOctetString(ukm), new DerOctetString(KeyBits(kek.Length))).GetEncoded(Asn1Encodable.Der);
            kdf = new Kdf2BytesGenerator(ecdh.Digest()); // KDF2 counts from 1: the X9.63 KDF of RFC 5753 §7.2
            kdf.Init(new KdfParameters(z, sharedInfo));
        }
        else
        {
            throw new InvalidDataException($"key agreement scheme {scheme} is not supported (ECDH of RFC 5753 and ESDH of RFC 3370)");
        }
        kdf.GenerateBytes(kek, 0, kek.Length);
        Array.Clear(z);
        return new KeyParameter(kek);
    }

    /// <summary>Z, left-padded to the field or modulus size as both KDFs require.</summary>
    private static byte[] SharedSecret(IBasicAgreement agreement, AsymmetricKeyParameter privateKey, AsymmetricKeyParameter publicKey)
    {
        try
        {
            agreement.Init(privateKey);
            return BigIntegers.AsUnsignedByteArray(agreement.GetFieldSize(), agreement.CalculateAgreement(publicKey));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidCastException)
        {
            throw new InvalidDataException($"the originator's public key does not agree with the recipient's: {e.Message}", e);
        }
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
