using System.Collections.Concurrent;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms;

/// <summary>
/// Certificates parsed once per distinct encoding. Signed messages carry the same few certificates again and again (the
/// usual correspondents and their CAs); BouncyCastle built each anew from its ASN.1 tree for every message, and then the
/// name formatting, the encoding behind <c>GetHashCode</c> and the key import started from nothing each time. The key is
/// the whole encoding, compared octet for octet, so a sender cannot have a certificate taken for another.
/// </summary>
public static class InternedCertificates
{
    // Far more than the certificates one gateway meets in an hour; when full the cache starts over rather than tracking
    // use, so a sender who cycles certificates costs at most the parses that would happen without it.
    private const int Capacity = 512;

    private static readonly ConcurrentDictionary<byte[], X509Certificate> Parsed = new(EncodingComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], X509Certificate>.AlternateLookup<ReadOnlySpan<byte>> BySpan =
        Parsed.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>The certificate encoded by <paramref name="encoding"/>; a malformed one throws as BouncyCastle throws (and nothing is kept).</summary>
    public static X509Certificate Get(ReadOnlySpan<byte> encoding)
    {
        if (BySpan.TryGetValue(encoding, out var known))
        {
            return known;
        }
        var octets = encoding.ToArray();
        var certificate = new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(octets)));
        if (Parsed.Count >= Capacity)
        {
            Parsed.Clear();
        }
        return Parsed.GetOrAdd(octets, certificate);
    }

    private sealed class EncodingComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly EncodingComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        // HashCode is seeded per process: a sender cannot choose encodings that collide.
        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
