using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// A cache in front of a directory (the handshake design's local cache): answers live for <see cref="CacheSettings.Ttl"/>,
/// misses for <see cref="CacheSettings.NegativeTtl"/>, at most <see cref="CacheSettings.MaxEntries"/> keys (the least
/// recently used go first). When the directory is unavailable an expired answer is served rather than none — a
/// certificate does not stop being the correspondent's because the LDAP server is down — and only a question never
/// answered before fails. A revoked certificate is evicted from every answer it is in.
/// </summary>
/// <remarks>
/// Not Microsoft.Extensions.Caching.Memory: it removes an entry when it expires, and serving the expired answer during an
/// outage is the point of this cache.
/// </remarks>
public sealed class CachingCertificateDirectory(ICertificateDirectory inner, CacheSettings settings, TimeProvider time) : ICertificateDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    public string Name => $"cache of {inner.Name}";

    public CacheStatistics Statistics { get; } = new();

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    public async Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Entry? stale;
        lock (_gate)
        {
            stale = Touch(query.Key)?.Value;
            if (stale is not null && stale.ExpiresAt > now)
            {
                Statistics.Hit(stale.Certificates.Count == 0);
                return stale.Certificates;
            }
        }
        IReadOnlyList<X509Certificate> found;
        try
        {
            found = await inner.FindAsync(query, cancellationToken);
        }
        catch (CertificateDirectoryUnavailableException) when (stale is not null)
        {
            Statistics.Stale();
            return stale.Certificates;
        }
        Statistics.Miss();
        lock (_gate)
        {
            Store(new Entry(query.Key, found, now + (found.Count == 0 ? settings.NegativeTtl : settings.Ttl)));
        }
        return found;
    }

    /// <summary>CRLs are not cached here: revocation keeps its own copies and refreshes them on their nextUpdate.</summary>
    public Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken) => inner.FindCrlsAsync(issuer, cancellationToken);

    /// <summary>Removes the certificate from every cached answer (it was revoked); returns how many answers held it.</summary>
    public int Evict(X509Certificate certificate)
    {
        var evicted = 0;
        lock (_gate)
        {
            foreach (var node in _entries.Values.ToList())
            {
                if (!node.Value.Certificates.Contains(certificate)) continue;
                node.Value = node.Value with { Certificates = [.. node.Value.Certificates.Where(c => !c.Equals(certificate))] };
                evicted++;
            }
        }
        return evicted;
    }

    private LinkedListNode<Entry>? Touch(string key)
    {
        if (!_entries.TryGetValue(key, out var node)) return null;
        _recency.Remove(node);
        _recency.AddFirst(node);
        return node;
    }

    private void Store(Entry entry)
    {
        if (_entries.Remove(entry.Key, out var old)) _recency.Remove(old);
        _entries[entry.Key] = _recency.AddFirst(entry);
        while (_entries.Count > settings.MaxEntries && _recency.Last is { } last)
        {
            _recency.RemoveLast();
            _entries.Remove(last.Value.Key);
        }
    }

    private sealed record Entry(string Key, IReadOnlyList<X509Certificate> Certificates, DateTimeOffset ExpiresAt);
}
