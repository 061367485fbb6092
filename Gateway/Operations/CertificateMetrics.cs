using System.Diagnostics.Metrics;
using Gateway.Certificates;

namespace Gateway.Operations;

/// <summary>
/// The certificate cache on <c>/metrics</c>: <c>gateway.certificates.cache{result}</c> counts hits, negative hits
/// (a remembered miss), misses (the directory was asked) and stale answers served while the directory was down — the
/// numbers that say whether the LDAP server is carrying the load or the cache is.
/// </summary>
public sealed class CertificateMetrics
{
    public CertificateMetrics(IMeterFactory meterFactory, CertificateService certificates)
    {
        if (certificates.CacheStatistics is not { } statistics) return;
        meterFactory.Create(GatewayMetrics.MeterName).CreateObservableCounter("gateway.certificates.cache", () => new[]
        {
            new Measurement<long>(statistics.Hits, new KeyValuePair<string, object?>("result", "hit")),
            new Measurement<long>(statistics.NegativeHits, new KeyValuePair<string, object?>("result", "negative-hit")),
            new Measurement<long>(statistics.Misses, new KeyValuePair<string, object?>("result", "miss")),
            new Measurement<long>(statistics.StaleServed, new KeyValuePair<string, object?>("result", "stale")),
        }, "{lookup}", "Certificate lookups answered by the cache in front of the LDAP directory, by result.");
    }
}
