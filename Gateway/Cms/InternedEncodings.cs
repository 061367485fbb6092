using System.Collections.Concurrent;

namespace Gateway.Cms;

/// <summary>
/// Objects parsed once per distinct encoding, for the parts of signed messages that come again and again (the usual
/// correspondents' certificates, their signer identifiers, the few algorithm identifiers). The key is the whole encoding,
/// compared octet for octet, so a sender cannot have one object taken for another. When full the cache starts over
/// rather than tracking use, so a sender who cycles encodings costs at most the parses that would happen without it.
/// </summary>
/// <typeparam name="T">An object no one changes after parsing: instances are shared by every message and thread.</typeparam>
public sealed class InternedEncodings<T>(int capacity, Func<byte[], T> parse) where T : class
{
    private readonly ConcurrentDictionary<byte[], T> _parsed = new(EncodingComparer.Instance);

    /// <summary>The object encoded by <paramref name="encoding"/>; one that does not parse throws as the parser throws (and nothing is kept).</summary>
    public T Get(ReadOnlySpan<byte> encoding)
    {
        var bySpan = _parsed.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (bySpan.TryGetValue(encoding, out var known))
        {
            return known;
        }
        var octets = encoding.ToArray();
        var parsed = parse(octets);
        if (_parsed.Count >= capacity)
        {
            _parsed.Clear();
        }
        return _parsed.GetOrAdd(octets, parsed);
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
