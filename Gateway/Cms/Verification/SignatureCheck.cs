using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Gateway.Cms.Verification;

/// <summary>
/// Checks one signature value with one public key. RSA PKCS#1 v1.5, RSASSA-PSS with the salt as long as the hash (the
/// only salt .NET verifies) and ECDSA on the curves the platform knows run on System.Security.Cryptography, about ten
/// times faster than BouncyCastle's managed RSA (stack-notes.md, "Crypto speed"); everything else (DSA, SHA-224, other
/// PSS salts such as OpenSSL's default maximum, unusual keys) runs on BouncyCastle. Both give the same answer; only the
/// speed differs.
/// </summary>
internal static class SignatureCheck
{
    /// <param name="unusable">
    /// Null when the signature simply does not verify; otherwise why the key cannot check it at all (the wrong kind of
    /// key for the scheme, a key that does not decode).
    /// </param>
    public static bool TryVerify(SignatureScheme scheme, SubjectPublicKeyInfo key, ReadOnlySpan<byte> data, byte[] signature, out string? unusable)
    {
        var keyAlgorithm = key.Algorithm.Algorithm.Id;
        if (!scheme.Accepts(keyAlgorithm))
        {
            unusable = $"its {CmsOidNames.NameOf(keyAlgorithm) ?? keyAlgorithm} key cannot make {scheme.Display} signatures";
            return false;
        }

        bool verified;
        try
        {
            verified = TryVerifyOnPlatform(scheme, key, data, signature, out var platformVerified)
                ? platformVerified
                : VerifyManaged(scheme, key, data, signature);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            unusable = $"its public key cannot be used: {BouncyCastleFailures.Describe(e)}";
            return false;
        }
        unusable = null;
        return verified;
    }

    /// <returns>False when the platform cannot take this scheme or key, so that BouncyCastle should.</returns>
    private static bool TryVerifyOnPlatform(SignatureScheme scheme, SubjectPublicKeyInfo key, ReadOnlySpan<byte> data, byte[] signature, out bool verified)
    {
        verified = false;
        if (scheme.Hash.Platform is not { } hash)
        {
            return false;
        }
        var keyAlgorithm = key.Algorithm.Algorithm.Id;
        switch (scheme.Family)
        {
            case SignatureFamily.RsaPkcs1:
            case SignatureFamily.RsaPss when scheme.MaskHash == scheme.Hash && scheme.SaltLength == scheme.Hash.Length && keyAlgorithm == "1.2.840.113549.1.1.1":
                {
                    if (PlatformKeys.Get(key, elliptic: false) is not { Algorithm: RSA rsa } imported)
                    {
                        return false;
                    }
                    var padding = scheme.Family == SignatureFamily.RsaPss ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
                    try
                    {
                        lock (imported.Gate)
                        {
                            verified = rsa.VerifyData(data, signature, hash, padding);
                        }
                    }
                    catch (CryptographicException)
                    {
                        // A signature value longer than the modulus: one that does not verify.
                    }
                    return true;
                }
            case SignatureFamily.Ecdsa:
                {
                    if (PlatformKeys.Get(key, elliptic: true) is not { Algorithm: ECDsa ecdsa } imported)
                    {
                        return false;
                    }
                    try
                    {
                        lock (imported.Gate)
                        {
                            verified = ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
                        }
                    }
                    catch (CryptographicException)
                    {
                        // A value that is no DER ECDSA-Sig-Value: one that does not verify.
                    }
                    return true;
                }
            default:
                return false;
        }
    }

    private static bool VerifyManaged(SignatureScheme scheme, SubjectPublicKeyInfo key, ReadOnlySpan<byte> data, byte[] signature)
    {
        var publicKey = PublicKeyFactory.CreateKey(key);
        ISigner signer = scheme.Family switch
        {
            SignatureFamily.RsaPkcs1 => new RsaDigestSigner(scheme.Hash.CreateManaged()),
            SignatureFamily.RsaPss => new PssSigner(
                new RsaBlindedEngine(), scheme.Hash.CreateManaged(), scheme.MaskHash!.CreateManaged(), scheme.SaltLength, PssSigner.TrailerImplicit),
            SignatureFamily.Dsa => new DsaDigestSigner(new DsaSigner(), scheme.Hash.CreateManaged()),
            SignatureFamily.Ecdsa => new DsaDigestSigner(new ECDsaSigner(), scheme.Hash.CreateManaged()),
            _ => throw new InvalidOperationException($"no verifier for {scheme.Family}"),
        };
        signer.Init(false, publicKey);
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature);
    }
}
