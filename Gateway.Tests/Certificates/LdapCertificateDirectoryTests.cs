using Gateway.Certificates;
using Gateway.Certificates.Ldap;
using Gateway.Configuration;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Certificates;

/// <summary>The LDAP directory against a real slapd: each lookup key, misses, CRLs, escaping, and an outage.</summary>
[Collection(LdapCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LdapCertificateDirectoryTests(LdapFixture ldap)
{
    private Cms.Verification.VerificationPki Pki => ldap.Pki;

    private static LdapCertificateDirectory Directory(Slapd slapd) =>
        new(new LdapDirectoryOptions { Url = slapd.Url, BaseDn = Slapd.BaseDn, Timeout = TimeSpan.FromSeconds(2) }, NullLogger<LdapCertificateDirectory>.Instance);

    private async Task<IReadOnlyList<Org.BouncyCastle.X509.X509Certificate>> FindAsync(CertificateQuery query)
    {
        using var directory = Directory(ldap.Slapd);
        return await directory.FindAsync(query, CancellationToken.None);
    }

    [Fact]
    public async Task Each_key_finds_exactly_its_certificate()
    {
        var rsa = Pki.Rsa.Certificate;

        Assert.Equal([rsa], await FindAsync(CertificateQuery.ForEmail("rsa-signer@example.test")));
        Assert.Equal([rsa], await FindAsync(CertificateQuery.ForOrAddress(Pki.Rsa.X400Address!)));
        Assert.Equal([rsa], await FindAsync(CertificateQuery.ForKeyIdentifier(CertificateQuery.SubjectKeyIdentifierOf(rsa)!)));
        Assert.Equal([rsa], await FindAsync(CertificateQuery.ForIssuerAndSerial(rsa.IssuerDN, rsa.SerialNumber)));
        Assert.Equal([Pki.Intermediate], await FindAsync(CertificateQuery.ForSubject(Pki.Intermediate.SubjectDN)));
        Assert.Equal([Pki.EcP384.Certificate], await FindAsync(CertificateQuery.ForOrAddress(Pki.EcP384.X400Address!)));
    }

    [Fact]
    public async Task A_miss_is_empty()
    {
        Assert.Empty(await FindAsync(CertificateQuery.ForEmail("nobody@example.test")));
        Assert.Empty(await FindAsync(CertificateQuery.ForOrAddress(Pki.SecondRsa.X400Address!)));
        Assert.Empty(await FindAsync(CertificateQuery.ForKeyIdentifier([1, 2, 3, 4])));
    }

    [Fact]
    public async Task A_filter_cannot_be_injected_through_the_value()
    {
        Assert.Empty(await FindAsync(CertificateQuery.ForEmail("*")));
        Assert.Empty(await FindAsync(CertificateQuery.ForEmail("*)(mail=*")));
        Assert.Empty(await FindAsync(CertificateQuery.ForEmail("rsa-signer@example.test)(|(mail=*")));
    }

    [Fact]
    public async Task The_CRL_published_on_the_CA_entry_is_found_for_its_issuer()
    {
        using var directory = Directory(ldap.Slapd);

        Assert.Equal([Pki.Crl], await directory.FindCrlsAsync(Pki.Root.SubjectDN, CancellationToken.None));
        Assert.Empty(await directory.FindCrlsAsync(Pki.Intermediate.SubjectDN, CancellationToken.None));
    }

    [Fact]
    public async Task A_stopped_server_is_unavailable_within_the_timeout_and_answers_again_after_restart()
    {
        await using var slapd = await Slapd.StartAsync();
        await slapd.AddAsync(LdapFixture.Person(Pki.Rsa));
        using var directory = Directory(slapd);
        var query = CertificateQuery.ForEmail("rsa-signer@example.test");
        Assert.Single(await directory.FindAsync(query, CancellationToken.None));

        await slapd.StopAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outage = await Assert.ThrowsAsync<CertificateDirectoryUnavailableException>(() => directory.FindAsync(query, CancellationToken.None));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), started.Elapsed.ToString());
        Assert.StartsWith($"{slapd.Url}/{Slapd.BaseDn} is unavailable: ", outage.Message, StringComparison.Ordinal);
        await slapd.RestartAsync();
        Assert.Single(await directory.FindAsync(query, CancellationToken.None));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a*b", @"a\2ab")]
    [InlineData("(x)", @"\28x\29")]
    [InlineData(@"back\slash", @"back\5cslash")]
    [InlineData("nul\0", @"nul\00")]
    [InlineData("é", @"\c3\a9")]
    public void Values_are_escaped_as_RFC_4515_says(string value, string escaped)
    {
        Assert.Equal(escaped, LdapFilter.Escape(value));
        Assert.Equal($"(mail={escaped})", LdapFilter.Fill("(mail={0})", value));
    }
}
