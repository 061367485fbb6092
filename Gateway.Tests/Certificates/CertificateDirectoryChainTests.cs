using Gateway.Certificates;
using Gateway.Tests.Cms.Verification;

namespace Gateway.Tests.Certificates;

/// <summary>Several directories as one: merged answers, and "nobody has it" only when everybody was asked.</summary>
[Collection(VerificationCollection.Name)]
public sealed class CertificateDirectoryChainTests(VerificationPki pki)
{
    private readonly ScriptedDirectory _store = new("store");
    private readonly ScriptedDirectory _ldap = new("ldap");

    private CertificateDirectoryChain Chain => new([_store, _ldap]);

    private CertificateQuery Query => CertificateQuery.ForSubject(pki.Rsa.Certificate.SubjectDN);

    [Fact]
    public async Task Answers_are_merged_without_duplicates()
    {
        _store.Certificates.Add(pki.Rsa.Certificate);
        _ldap.Certificates.Add(pki.Rsa.Certificate);

        Assert.Equal([pki.Rsa.Certificate], await Chain.FindAsync(Query, CancellationToken.None));
        Assert.Equal("store, then ldap", Chain.Name);
    }

    [Fact]
    public async Task A_member_that_is_down_is_passed_over_when_another_has_the_answer()
    {
        _store.Certificates.Add(pki.Rsa.Certificate);
        _ldap.Unavailable = true;

        Assert.Equal([pki.Rsa.Certificate], await Chain.FindAsync(Query, CancellationToken.None));
    }

    [Fact]
    public async Task Nothing_found_while_a_member_is_down_is_unavailable_not_a_miss()
    {
        _ldap.Unavailable = true;

        var e = await Assert.ThrowsAsync<CertificateDirectoryUnavailableException>(() => Chain.FindAsync(Query, CancellationToken.None));

        Assert.Equal("ldap", e.Directory);
        _ldap.Unavailable = false;
        Assert.Empty(await Chain.FindAsync(Query, CancellationToken.None));
    }
}
