namespace Gateway.Certificates;

/// <summary>How long the certificate cache keeps answers, and how many.</summary>
/// <param name="Ttl">A found certificate is asked for again after this.</param>
/// <param name="NegativeTtl">A miss is remembered this long, so a sender without a certificate does not cost a directory search per message.</param>
/// <param name="MaxEntries">Distinct questions kept; the least recently used go first.</param>
public sealed record CacheSettings(TimeSpan Ttl, TimeSpan NegativeTtl, int MaxEntries)
{
    public static CacheSettings Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 10_000);
}
