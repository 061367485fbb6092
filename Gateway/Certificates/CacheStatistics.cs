namespace Gateway.Certificates;

/// <summary>What the certificate cache has done since start: for `gateway cert check`, the logs and the tests.</summary>
public sealed class CacheStatistics
{
    private long _hits;
    private long _negativeHits;
    private long _misses;
    private long _stale;

    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Hits on a remembered miss.</summary>
    public long NegativeHits => Interlocked.Read(ref _negativeHits);

    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Expired answers served because the directory was unavailable.</summary>
    public long StaleServed => Interlocked.Read(ref _stale);

    internal void Hit(bool negative) => Interlocked.Increment(ref negative ? ref _negativeHits : ref _hits);

    internal void Miss() => Interlocked.Increment(ref _misses);

    internal void Stale() => Interlocked.Increment(ref _stale);

    public override string ToString() => $"hits={Hits} negative-hits={NegativeHits} misses={Misses} stale-served={StaleServed}";
}
