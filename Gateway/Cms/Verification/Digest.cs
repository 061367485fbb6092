using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;

namespace Gateway.Cms.Verification;

/// <summary>
/// A hash function the verifier accepts: SHA-1 (RFC 3854 §2.1: receivers MUST support it) and SHA-2 (RFC 5754). The
/// platform computes it when it can (it is several times faster than BouncyCastle's managed code); SHA-224, which .NET
/// lacks, runs on BouncyCastle.
/// </summary>
internal sealed record Digest(string Oid, string Name, int Length, HashAlgorithmName? Platform)
{
    public const string Sha1Oid = "1.3.14.3.2.26";
    public const string Sha224Oid = "2.16.840.1.101.3.4.2.4";
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";
    public const string Sha384Oid = "2.16.840.1.101.3.4.2.2";
    public const string Sha512Oid = "2.16.840.1.101.3.4.2.3";

    public static readonly Digest Sha1 = new(Sha1Oid, "sha1", 20, HashAlgorithmName.SHA1);
    public static readonly Digest Sha224 = new(Sha224Oid, "sha224", 28, null);
    public static readonly Digest Sha256 = new(Sha256Oid, "sha256", 32, HashAlgorithmName.SHA256);
    public static readonly Digest Sha384 = new(Sha384Oid, "sha384", 48, HashAlgorithmName.SHA384);
    public static readonly Digest Sha512 = new(Sha512Oid, "sha512", 64, HashAlgorithmName.SHA512);

    private static readonly Dictionary<string, Digest> ByOid = new[] { Sha1, Sha224, Sha256, Sha384, Sha512 }.ToDictionary(d => d.Oid, StringComparer.Ordinal);

    public static Digest? FromOid(string oid) => ByOid.GetValueOrDefault(oid);

    /// <summary>
    /// Reads a digest AlgorithmIdentifier. Parameters must be absent; NULL is accepted as RFC 5754 §2 asks of receivers,
    /// since older implementations wrote it.
    /// </summary>
    public static bool TryFrom(AlgorithmIdentifier algorithm, string field, [NotNullWhen(true)] out Digest? digest, [NotNullWhen(false)] out string? error)
    {
        var oid = algorithm.Algorithm.Id;
        digest = FromOid(oid);
        if (digest is null)
        {
            error = $"{field} {CmsOidNames.Describe(oid)} is not an accepted digest algorithm (SHA-1, SHA-224, SHA-256, SHA-384, SHA-512)";
            return false;
        }
        if (!IsAbsentOrNull(algorithm.Parameters))
        {
            error = $"{field} {digest.Name} has parameters; it takes none";
            digest = null;
            return false;
        }
        error = null;
        return true;
    }

    public static bool IsAbsentOrNull(Asn1Encodable? parameters) => parameters is null || parameters.ToAsn1Object() is Asn1Null;

    /// <summary>The digest of content in memory or in a file (read through the file, not its mapping).</summary>
    public byte[] Compute(ReadOnlyMemory<byte> data)
    {
        if (!Gateway.Buffers.FileBackedMemory.TryGet(data, out var file, out var start, out var length)) return Compute(data.Span);
        if (Platform is { } name)
        {
            using var incremental = IncrementalHash.CreateHash(name);
            file.Read(start, length, chunk => incremental.AppendData(chunk));
            return incremental.GetHashAndReset();
        }
        var digest = CreateManaged();
        file.Read(start, length, chunk => digest.BlockUpdate(chunk));
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    public byte[] Compute(ReadOnlySpan<byte> data)
    {
        if (Platform is { } name)
        {
            return CryptographicOperations.HashData(name, data);
        }
        var digest = CreateManaged();
        digest.BlockUpdate(data);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>BouncyCastle's implementation, for its own signers.</summary>
    public IDigest CreateManaged() => Oid switch
    {
        Sha1Oid => new Sha1Digest(),
        Sha224Oid => new Sha224Digest(),
        Sha256Oid => new Sha256Digest(),
        Sha384Oid => new Sha384Digest(),
        Sha512Oid => new Sha512Digest(),
        _ => throw new InvalidOperationException($"no managed digest for {Oid}"),
    };
}
