using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// Public keys imported into System.Security.Cryptography, kept for reuse: importing an RSA key costs several times as
/// much as verifying with it, and the same few keys (the trust anchors', the usual correspondents') verify every
/// message. A key the platform cannot import is remembered as such, so that BouncyCastle
/// takes it without a second attempt.
/// </summary>
internal static class PlatformKeys
{
    // Far more than the keys one gateway meets in an hour; when full the cache starts over rather than tracking use,
    // so a sender who cycles keys costs at most the imports that would happen without a cache.
    private const int Capacity = 1024;

    private static readonly ConcurrentDictionary<string, PlatformKey?> Keys = new(StringComparer.Ordinal);

    // A certificate keeps its SubjectPublicKeyInfo instance, and certificates are one instance per encoding
    // (InternedCertificates): the usual keys are found without encoding them and turning the encoding into text again.
    private static readonly ConditionalWeakTable<SubjectPublicKeyInfo, Imported> ByInstance = [];

    private sealed record Imported(PlatformKey? Key, bool Elliptic);

    /// <summary>The imported key, or null when the platform does not take it (an explicit curve, an RSASSA-PSS key).</summary>
    public static PlatformKey? Get(SubjectPublicKeyInfo key, bool elliptic)
    {
        if (ByInstance.TryGetValue(key, out var known) && known.Elliptic == elliptic) return known.Key;
        var imported = ByEncoding(key, elliptic);
        ByInstance.AddOrUpdate(key, new Imported(imported, elliptic));
        return imported;
    }

    private static PlatformKey? ByEncoding(SubjectPublicKeyInfo key, bool elliptic)
    {
        var der = key.GetDerEncoded();
        var id = Convert.ToBase64String(der);
        if (Keys.TryGetValue(id, out var cached))
        {
            return cached;
        }
        if (Keys.Count >= Capacity)
        {
            Keys.Clear();
        }
        return Keys.GetOrAdd(id, Import(der, elliptic));
    }

    private static PlatformKey? Import(byte[] der, bool elliptic)
    {
        AsymmetricAlgorithm algorithm = elliptic ? ECDsa.Create() : RSA.Create();
        try
        {
            algorithm.ImportSubjectPublicKeyInfo(der, out _);
            return new PlatformKey(algorithm);
        }
        catch (CryptographicException)
        {
            algorithm.Dispose();
            return null;
        }
    }
}
