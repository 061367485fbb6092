using Gateway.Certificates;
using Gateway.Tests.Cms.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Certificates;

/// <summary>CRLs from files and from the directory: fetched when needed, again at nextUpdate, believed only when they verify.</summary>
[Collection(VerificationCollection.Name)]
public sealed class RevocationListsTests(VerificationPki pki)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(5);
    private readonly ScriptedDirectory _directory = new("ldap");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_published_CRL_is_fetched_once_and_again_after_its_nextUpdate_the_newest_counting()
    {
        var victim = await pki.IssueAsync($"crl-victim-{Guid.NewGuid():N}"[..24]);
        _directory.Crls.Add(pki.Crl);
        var lists = new RevocationLists(_directory, [], _time, Recheck);

        Assert.Equal([pki.Crl], await lists.ForIssuerAsync(pki.Root.SubjectDN, CancellationToken.None));
        Assert.False(await lists.IsRevokedAsync(victim.Certificate, pki.Root, CancellationToken.None));
        var newer = await pki.RevokeAsync(victim);
        _directory.Crls.Add(newer);
        Assert.False(await lists.IsRevokedAsync(victim.Certificate, pki.Root, CancellationToken.None)); // the held CRL is current until its nextUpdate
        Assert.Equal(1, _directory.Questions);

        _time.Advance(pki.Crl.NextUpdate!.Value.ToUniversalTime() - _time.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));

        Assert.True(await lists.IsRevokedAsync(victim.Certificate, pki.Root, CancellationToken.None));
        Assert.Equal(2, _directory.Questions);
    }

    [Fact]
    public async Task An_issuer_without_a_CRL_is_asked_again_after_the_recheck_interval()
    {
        var lists = new RevocationLists(_directory, [], _time, Recheck);

        Assert.Empty(await lists.ForIssuerAsync(pki.Root.SubjectDN, CancellationToken.None));
        _directory.Crls.Add(pki.Crl);
        Assert.Empty(await lists.ForIssuerAsync(pki.Root.SubjectDN, CancellationToken.None));
        _time.Advance(Recheck);

        Assert.Equal([pki.Crl], await lists.ForIssuerAsync(pki.Root.SubjectDN, CancellationToken.None));
    }

    [Fact]
    public async Task Configured_CRLs_count_and_held_ones_serve_while_the_directory_is_down()
    {
        var lists = new RevocationLists(_directory, [pki.Crl], _time, Recheck);
        _directory.Unavailable = true;

        Assert.True(await lists.IsRevokedAsync(pki.Revoked.Certificate, pki.Root, CancellationToken.None));
        Assert.False(await lists.IsRevokedAsync(pki.Rsa.Certificate, pki.Root, CancellationToken.None));
    }

    [Fact]
    public async Task A_CRL_that_does_not_verify_with_the_issuer_key_decides_nothing()
    {
        var lists = new RevocationLists(_directory, [pki.Crl], _time, Recheck);

        Assert.Null(await lists.IsRevokedAsync(pki.Revoked.Certificate, pki.Intermediate, CancellationToken.None));
        Assert.Null(await lists.IsRevokedAsync(pki.UnderIntermediate.Certificate, pki.Intermediate, CancellationToken.None)); // no CRL from that issuer
    }
}
