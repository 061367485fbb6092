using Gateway.Certificates;
using Gateway.Tests.Cms.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Certificates;

/// <summary>The cache: hits, expiry, negative answers, the size bound, stale answers during an outage, eviction.</summary>
[Collection(VerificationCollection.Name)]
public sealed class CachingCertificateDirectoryTests(VerificationPki pki)
{
    private readonly ScriptedDirectory _backend = new("ldap");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private CachingCertificateDirectory Cache(int maxEntries = 100) =>
        new(_backend, new CacheSettings(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), maxEntries), _time);

    private CertificateQuery RsaQuery => CertificateQuery.ForOrAddress(pki.Rsa.X400Address!);

    [Fact]
    public async Task An_answer_is_kept_for_its_ttl_then_asked_again()
    {
        _backend.Certificates.Add(pki.Rsa.Certificate);
        var cache = Cache();

        Assert.Equal([pki.Rsa.Certificate], await cache.FindAsync(RsaQuery, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal([pki.Rsa.Certificate], await cache.FindAsync(RsaQuery, CancellationToken.None));
        Assert.Equal(1, _backend.Questions);

        _time.Advance(TimeSpan.FromMinutes(2));
        await cache.FindAsync(RsaQuery, CancellationToken.None);

        Assert.Equal(2, _backend.Questions);
        Assert.Equal("hits=1 negative-hits=0 misses=2 stale-served=0", cache.Statistics.ToString());
    }

    [Fact]
    public async Task A_miss_is_remembered_for_the_shorter_negative_ttl()
    {
        var cache = Cache();

        Assert.Empty(await cache.FindAsync(RsaQuery, CancellationToken.None));
        _backend.Certificates.Add(pki.Rsa.Certificate);
        Assert.Empty(await cache.FindAsync(RsaQuery, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal([pki.Rsa.Certificate], await cache.FindAsync(RsaQuery, CancellationToken.None));
        Assert.Equal(1, cache.Statistics.NegativeHits);
        Assert.Equal(2, _backend.Questions);
    }

    [Fact]
    public async Task During_an_outage_expired_answers_are_served_and_a_new_question_fails()
    {
        _backend.Certificates.Add(pki.Rsa.Certificate);
        var cache = Cache();
        await cache.FindAsync(RsaQuery, CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(2));
        _backend.Unavailable = true;

        Assert.Equal([pki.Rsa.Certificate], await cache.FindAsync(RsaQuery, CancellationToken.None));
        var never = await Assert.ThrowsAsync<CertificateDirectoryUnavailableException>(
            () => cache.FindAsync(CertificateQuery.ForOrAddress(pki.Ec.X400Address!), CancellationToken.None));

        Assert.Equal("ldap is unavailable: connection refused", never.Message);
        Assert.Equal(1, cache.Statistics.StaleServed);
    }

    [Fact]
    public async Task The_least_recently_used_question_goes_first_when_full()
    {
        _backend.Certificates.AddRange([pki.Rsa.Certificate, pki.SecondRsa.Certificate, pki.Ec.Certificate]);
        var cache = Cache(maxEntries: 2);
        var second = CertificateQuery.ForOrAddress(pki.SecondRsa.X400Address!);
        var ec = CertificateQuery.ForOrAddress(pki.Ec.X400Address!);

        await cache.FindAsync(RsaQuery, CancellationToken.None);
        await cache.FindAsync(second, CancellationToken.None);
        await cache.FindAsync(RsaQuery, CancellationToken.None); // RSA is now the more recent
        await cache.FindAsync(ec, CancellationToken.None);       // so the second signer's answer goes

        Assert.Equal(2, cache.Count);
        var before = _backend.Questions;
        await cache.FindAsync(RsaQuery, CancellationToken.None);
        Assert.Equal(before, _backend.Questions);
        await cache.FindAsync(second, CancellationToken.None);
        Assert.Equal(before + 1, _backend.Questions);
    }

    [Fact]
    public async Task An_evicted_certificate_leaves_every_answer_it_was_in()
    {
        _backend.Certificates.Add(pki.Rsa.Certificate);
        var cache = Cache();
        await cache.FindAsync(RsaQuery, CancellationToken.None);
        await cache.FindAsync(CertificateQuery.ForSubject(pki.Rsa.Certificate.SubjectDN), CancellationToken.None);

        Assert.Equal(2, cache.Evict(pki.Rsa.Certificate));

        Assert.Empty(await cache.FindAsync(RsaQuery, CancellationToken.None));
    }
}
