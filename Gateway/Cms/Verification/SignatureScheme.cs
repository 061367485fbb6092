using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// A signature algorithm resolved from its AlgorithmIdentifier: the scheme, the hash it signs with and, for RSASSA-PSS,
/// the mask generation hash and salt length. The same resolution serves SignerInfos (whose digestAlgorithm may supply
/// the hash) and certificates and CRLs (whose algorithm must name it).
/// </summary>
internal sealed record SignatureScheme(SignatureFamily Family, Digest Hash)
{
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsassaPss = "1.2.840.113549.1.1.10";
    private const string Mgf1 = "1.2.840.113549.1.1.8";
    private const string IdDsa = "1.2.840.10040.4.1";
    private const string IdEcPublicKey = "1.2.840.10045.2.1";

    // What each signature OID fixes; a null digest means the SignerInfo's digestAlgorithm supplies it (RFC 3370 §3.1,
    // §3.2; RFC 5753 §7.1.3 for id-ecPublicKey, which some senders write).
    private static readonly Dictionary<string, (SignatureFamily Family, Digest? Hash)> Known = new(StringComparer.Ordinal)
    {
        [RsaEncryption] = (SignatureFamily.RsaPkcs1, null),
        ["1.2.840.113549.1.1.5"] = (SignatureFamily.RsaPkcs1, Digest.Sha1),
        ["1.2.840.113549.1.1.14"] = (SignatureFamily.RsaPkcs1, Digest.Sha224),
        ["1.2.840.113549.1.1.11"] = (SignatureFamily.RsaPkcs1, Digest.Sha256),
        ["1.2.840.113549.1.1.12"] = (SignatureFamily.RsaPkcs1, Digest.Sha384),
        ["1.2.840.113549.1.1.13"] = (SignatureFamily.RsaPkcs1, Digest.Sha512),
        [IdDsa] = (SignatureFamily.Dsa, null),
        ["1.2.840.10040.4.3"] = (SignatureFamily.Dsa, Digest.Sha1),
        ["2.16.840.1.101.3.4.3.1"] = (SignatureFamily.Dsa, Digest.Sha224),
        ["2.16.840.1.101.3.4.3.2"] = (SignatureFamily.Dsa, Digest.Sha256),
        [IdEcPublicKey] = (SignatureFamily.Ecdsa, null),
        ["1.2.840.10045.4.1"] = (SignatureFamily.Ecdsa, Digest.Sha1),
        ["1.2.840.10045.4.3.1"] = (SignatureFamily.Ecdsa, Digest.Sha224),
        ["1.2.840.10045.4.3.2"] = (SignatureFamily.Ecdsa, Digest.Sha256),
        ["1.2.840.10045.4.3.3"] = (SignatureFamily.Ecdsa, Digest.Sha384),
        ["1.2.840.10045.4.3.4"] = (SignatureFamily.Ecdsa, Digest.Sha512),
    };

    /// <summary>RSASSA-PSS only: the MGF1 hash.</summary>
    public Digest? MaskHash { get; init; }

    /// <summary>RSASSA-PSS only.</summary>
    public int SaltLength { get; init; }

    /// <summary>The scheme as a reason names it.</summary>
    public string Display => Family switch
    {
        SignatureFamily.RsaPkcs1 => "RSA PKCS #1 v1.5",
        SignatureFamily.RsaPss => "RSASSA-PSS",
        SignatureFamily.Dsa => "DSA",
        SignatureFamily.Ecdsa => "ECDSA",
        _ => Family.ToString(),
    };

    /// <summary>The key algorithms (SubjectPublicKeyInfo OIDs) that can make this kind of signature.</summary>
    public bool Accepts(string keyAlgorithm) => Family switch
    {
        SignatureFamily.RsaPkcs1 => keyAlgorithm == RsaEncryption,
        SignatureFamily.RsaPss => keyAlgorithm is RsaEncryption or RsassaPss,
        SignatureFamily.Dsa => keyAlgorithm == IdDsa,
        SignatureFamily.Ecdsa => keyAlgorithm == IdEcPublicKey,
        _ => false,
    };

    /// <param name="digest">The SignerInfo's digestAlgorithm; null for certificates and CRLs.</param>
    public static bool TryResolve(
        AlgorithmIdentifier algorithm,
        Digest? digest,
        [NotNullWhen(true)] out SignatureScheme? scheme,
        [NotNullWhen(false)] out string? error)
    {
        scheme = null;
        var oid = algorithm.Algorithm.Id;
        var name = CmsOidNames.NameOf(oid) ?? oid;
        if (oid == RsassaPss)
        {
            return TryResolvePss(algorithm, digest, out scheme, out error);
        }
        if (!Known.TryGetValue(oid, out var known))
        {
            error = $"signature algorithm {CmsOidNames.Describe(oid)} is not supported";
            return false;
        }
        if (known.Family == SignatureFamily.Dsa)
        {
            // RFC 3854 §2.2 (after RFC 3370 §3.1) singles out the NULL that some encoders write for DSA.
            if (algorithm.Parameters is not null)
            {
                error = Digest.IsAbsentOrNull(algorithm.Parameters)
                    ? $"signatureAlgorithm {name} has parameters encoded as NULL; RFC 3854 §2.2 requires them to be absent"
                    : $"signatureAlgorithm {name} has parameters; RFC 3854 §2.2 requires them to be absent";
                return false;
            }
        }
        else if (!Digest.IsAbsentOrNull(algorithm.Parameters))
        {
            error = $"signatureAlgorithm {name} has parameters other than NULL";
            return false;
        }

        var hash = known.Hash ?? digest;
        if (hash is null)
        {
            error = $"signature algorithm {name} does not name its hash function";
            return false;
        }
        if (digest is not null && known.Hash is not null && known.Hash != digest)
        {
            error = $"signatureAlgorithm {name} does not match digestAlgorithm {digest.Name}";
            return false;
        }
        scheme = new SignatureScheme(known.Family, hash);
        error = null;
        return true;
    }

    /// <summary>RFC 4055 §3.1 RSASSA-PSS-params, with RFC 4056 §3's rule that the hash is the digestAlgorithm's.</summary>
    private static bool TryResolvePss(
        AlgorithmIdentifier algorithm,
        Digest? digest,
        [NotNullWhen(true)] out SignatureScheme? scheme,
        [NotNullWhen(false)] out string? error)
    {
        scheme = null;
        if (algorithm.Parameters is null || Digest.IsAbsentOrNull(algorithm.Parameters))
        {
            error = "RSASSA-PSS signatureAlgorithm without RSASSA-PSS-params (RFC 4056 §2 requires them)";
            return false;
        }
        var parameters = RsassaPssParameters.GetInstance(algorithm.Parameters);
        if (!Digest.TryFrom(parameters.HashAlgorithm, "RSASSA-PSS hashAlgorithm", out var hash, out error))
        {
            return false;
        }
        if (digest is not null && hash != digest)
        {
            error = $"RSASSA-PSS hashAlgorithm {hash.Name} does not match digestAlgorithm {digest.Name}";
            return false;
        }
        if (parameters.MaskGenAlgorithm.Algorithm.Id != Mgf1)
        {
            error = $"RSASSA-PSS maskGenAlgorithm {CmsOidNames.Describe(parameters.MaskGenAlgorithm.Algorithm.Id)} is not MGF1";
            return false;
        }
        if (parameters.MaskGenAlgorithm.Parameters is not { } mgfParameters)
        {
            error = "RSASSA-PSS MGF1 without its hash algorithm";
            return false;
        }
        if (!Digest.TryFrom(AlgorithmIdentifier.GetInstance(mgfParameters), "RSASSA-PSS MGF1 hash", out var maskHash, out error))
        {
            return false;
        }
        if (!parameters.TrailerField.HasValue(1))
        {
            error = "RSASSA-PSS trailerField is not 1 (RFC 4055 §3.1)";
            return false;
        }
        // Beyond any RSA modulus in use; keeps a hostile value from reaching the arithmetic.
        if (!parameters.SaltLength.TryGetIntPositiveValueExact(out var saltLength) || saltLength > 4096)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"RSASSA-PSS saltLength {parameters.SaltLength.Value} is out of range");
            return false;
        }
        scheme = new SignatureScheme(SignatureFamily.RsaPss, hash) { MaskHash = maskHash, SaltLength = saltLength };
        error = null;
        return true;
    }
}
