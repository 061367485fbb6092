using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// Certificate and CRL signatures that have verified, remembered by a SHA-256 over everything the check took (the issuer's
/// key, the algorithm, the signed octets, the signature): whether they verify can never change, and the same CA
/// signatures were checked again for every message (an RSA verification each: libcrypto went from 9.3-9.7 % to 7.9 % of
/// the gateway's CPU at 10 KB, of which this check's own hash takes back 0.5 %). Only the signature is remembered:
/// validity dates, revocation, names and constraints are checked each time. A signature that does not verify is not
/// remembered, so a forged one costs its sender a verification every time.
/// </summary>
internal static class KnownSignatures
{
    // Far more than the CA signatures one gateway meets; when full it starts over, as PlatformKeys does.
    private const int Capacity = 4096;

    private static readonly ConcurrentDictionary<string, bool> Verified = new(StringComparer.Ordinal);

    // Certificates are one instance per encoding (InternedCertificates, the stores' own): for the same two instances the
    // answer is known without encoding and hashing the key and the tbsCertificate again.
    private static readonly ConditionalWeakTable<X509Certificate, X509Certificate> VerifiedBy = [];

    /// <summary>Whether <paramref name="issuer"/>'s key verifies the signature on <paramref name="certificate"/>, remembered as above.</summary>
    public static bool TryVerify(SignatureScheme scheme, X509Certificate certificate, X509Certificate issuer, out string? unusable)
    {
        unusable = null;
        if (VerifiedBy.TryGetValue(certificate, out var known) && ReferenceEquals(known, issuer)) return true;
        if (!TryVerify(scheme, certificate.SignatureAlgorithm, issuer.SubjectPublicKeyInfo, certificate.GetTbsCertificate(), certificate.GetSignature(), out unusable))
        {
            return false;
        }
        VerifiedBy.AddOrUpdate(certificate, issuer);
        return true;
    }

    /// <summary>As <see cref="SignatureCheck.TryVerify"/>, answering at once for a signature that verified before.</summary>
    public static bool TryVerify(SignatureScheme scheme, AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key, byte[] signed, byte[] signature,
        out string? unusable)
    {
        var id = Id(algorithm, key, signed, signature);
        unusable = null;
        if (Verified.ContainsKey(id)) return true;
        if (!SignatureCheck.TryVerify(scheme, key, signed, signature, out unusable)) return false;
        if (Verified.Count >= Capacity) Verified.Clear();
        Verified.TryAdd(id, true);
        return true;
    }

    /// <summary>Whether exactly this check has verified and is remembered (for tests).</summary>
    internal static bool Remembers(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key, byte[] signed, byte[] signature) =>
        Verified.ContainsKey(Id(algorithm, key, signed, signature));

    private static string Id(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key, byte[] signed, byte[] signature)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        // Each part with its length first, so that no two different checks give the same octets to hash.
        foreach (var part in new[] { key.GetDerEncoded(), algorithm.GetDerEncoded(), signed, signature })
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, part.Length);
            hash.AppendData(length);
            hash.AppendData(part);
        }
        return Convert.ToBase64String(hash.GetHashAndReset());
    }
}
