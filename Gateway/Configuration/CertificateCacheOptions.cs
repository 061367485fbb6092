namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Certificates:Cache</c> section: the cache in front of the directory server.</summary>
public sealed class CertificateCacheOptions
{
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan NegativeTtl { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxEntries { get; set; } = 10_000;
}
