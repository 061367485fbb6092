using Gateway.Certificates;
using Gateway.Cms.Verification;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Certificates;

/// <summary>
/// The service on the message path: certificate-free SignedData verified through lookups by key identifier and by
/// issuer and serial, paths through a fetched intermediate, harvesting, and recipients refused when revoked or expired.
/// </summary>
[Collection(VerificationCollection.Name)]
public sealed class CertificateServiceTests(VerificationPki pki) : IDisposable
{
    private static readonly byte[] Ipm = X400TestContent.Ipm("looked up", "by its key identifier");
    private readonly string _store = TempDirectory.Create("service-store-");
    private readonly ScriptedDirectory _ldap = new("ldap");

    public void Dispose() => TempDirectory.Delete(_store);

    private CertificateService Service(bool harvest = false)
    {
        var store = new LocalCertificateStore(_store);
        var chain = new CertificateDirectoryChain([store, _ldap]);
        return new CertificateService(chain, new RevocationLists(chain, pki.Anchors.Crls, TimeProvider.System, TimeSpan.FromMinutes(5)), pki.Anchors, null,
            store, harvest, NullLogger<CertificateService>.Instance);
    }

    private static async Task<SignatureVerification> VerifyAsync(CertificateService service, byte[] cms)
    {
        var material = await service.ForVerificationAsync(cms, CancellationToken.None);
        return new SignatureVerifier().Verify(cms, new VerificationContext(material.TrustAnchors, material.Certificates, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task OpenSSL_nocerts_keyid_verifies_through_a_lookup_by_subject_key_identifier()
    {
        var cms = await pki.SignAsync(Ipm, pki.Rsa, "-nocerts", "-keyid");
        _ldap.Certificates.Add(pki.Rsa.Certificate);

        var material = await Service().ForVerificationAsync(cms, CancellationToken.None);
        var verification = await VerifyAsync(Service(), cms);

        Assert.Equal(1, material.Found);
        Assert.Equal(SignatureStatus.Valid, verification.Status);
        Assert.Equal(Convert.ToHexString(CertificateQuery.SubjectKeyIdentifierOf(pki.Rsa.Certificate)!), verification.Signers[0].SubjectKeyIdentifier, ignoreCase: true);
    }

    [Fact]
    public async Task Without_the_lookup_the_same_object_has_no_certificate()
    {
        var cms = await pki.SignAsync(Ipm, pki.Rsa, "-nocerts", "-keyid");

        Assert.Equal(SignatureStatus.NoCertificate, (await VerifyAsync(Service(), cms)).Status);
    }

    [Fact]
    public async Task A_signer_under_an_intermediate_gets_both_certificates_from_the_directory()
    {
        var cms = await pki.SignAsync(Ipm, pki.UnderIntermediate, "-nocerts");
        _ldap.Certificates.AddRange([pki.UnderIntermediate.Certificate, pki.Intermediate]);

        var material = await Service().ForVerificationAsync(cms, CancellationToken.None);

        Assert.Equal(2, material.Found);
        Assert.Equal(SignatureStatus.Valid, (await VerifyAsync(Service(), cms)).Status);
    }

    [Fact]
    public async Task A_directory_that_is_down_is_reported_with_the_missing_certificate()
    {
        var cms = await pki.SignAsync(Ipm, pki.Rsa, "-nocerts");
        _ldap.Unavailable = true;

        var material = await Service().ForVerificationAsync(cms, CancellationToken.None);

        Assert.Equal("ldap is unavailable: connection refused", material.Unavailable);
        Assert.Equal(0, material.Found);
    }

    [Fact]
    public async Task Verified_certificates_are_harvested_and_then_serve_certificate_free_messages()
    {
        var service = Service(harvest: true);
        var withCertificates = await pki.SignAsync(Ipm, pki.UnderIntermediate, "-certfile", pki.IntermediatePath);
        var verification = await VerifyAsync(service, withCertificates);
        Assert.Equal(SignatureStatus.Valid, verification.Status);

        Assert.Equal(2, service.Harvest(withCertificates, verification));
        Assert.Equal(0, service.Harvest(withCertificates, verification));

        var stored = new LocalCertificateStore(_store).Certificates;
        Assert.Equal(2, stored.Count);
        Assert.Contains(pki.UnderIntermediate.Certificate, stored);
        Assert.Contains(pki.Intermediate, stored);
        Assert.DoesNotContain(pki.Root, stored);
        Assert.Equal(SignatureStatus.Valid, (await VerifyAsync(Service(), await pki.SignAsync(Ipm, pki.UnderIntermediate, "-nocerts"))).Status);
    }

    [Fact]
    public async Task An_untrusted_signature_is_not_harvested()
    {
        var service = Service(harvest: true);
        var cms = await pki.SignAsync(Ipm, pki.Expired);
        var verification = await VerifyAsync(service, cms);

        Assert.NotEqual(SignatureStatus.Valid, verification.Status);
        Assert.Equal(0, service.Harvest(cms, verification));
        Assert.Empty(Directory.GetFiles(_store));
    }

    [Fact]
    public async Task A_recipient_certificate_is_found_by_x400Address_and_refused_when_expired_or_not_for_encryption()
    {
        _ldap.Certificates.AddRange([pki.Rsa.Certificate, pki.EcP384.Certificate]);
        var service = Service();

        Assert.Equal(pki.EcP384.Certificate, (await service.ForRecipientAsync(pki.EcP384.X400Address!, DateTimeOffset.UtcNow, CancellationToken.None)).Certificate);
        var expired = await service.ForRecipientAsync(pki.EcP384.X400Address!, DateTimeOffset.UtcNow.AddYears(20), CancellationToken.None);
        Assert.Null(expired.Certificate);
        Assert.StartsWith($"{pki.EcP384.Certificate.SubjectDN} is not valid now (from ", expired.Refused, StringComparison.Ordinal);
        var signingOnly = await service.ForRecipientAsync(pki.Rsa.X400Address!, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Null(signingOnly.Certificate);
        Assert.Equal($"the keyUsage of {pki.Rsa.Subject} allows neither keyEncipherment nor keyAgreement", signingOnly.Refused);
        var unknown = await service.ForRecipientAsync(pki.Ec.X400Address!, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(new RecipientLookup(null), unknown);
    }

    [Fact]
    public async Task A_revoked_recipient_is_refused_and_evicted_from_the_cache()
    {
        var address = Gateway.X400.OrAddress.Parse($"/S=Victim{Guid.NewGuid():N}"[..20] + "/O=Acme/ADMD= /C=GB/");
        var victim = await pki.IssueAsync($"revoked-recipient-{Guid.NewGuid():N}"[..28], keyUsage: "keyEncipherment", x400Address: address);
        var crl = await pki.RevokeAsync(victim);
        var directory = new ScriptedDirectory("ldap");
        directory.Certificates.Add(victim.Certificate);
        directory.Crls.Add(crl);
        var cache = new CachingCertificateDirectory(directory, CacheSettings.Default, TimeProvider.System);
        var service = new CertificateService(cache, new RevocationLists(cache, [], TimeProvider.System, TimeSpan.FromMinutes(5)), pki.Anchors, cache,
            new LocalCertificateStore(_store), harvest: false, NullLogger<CertificateService>.Instance);
        var bySubject = CertificateQuery.ForSubject(victim.Certificate.SubjectDN);
        Assert.Equal([victim.Certificate], await cache.FindAsync(bySubject, CancellationToken.None));

        var material = await service.ForVerificationAsync(await pki.SignAsync(Ipm, victim, "-nocerts"), CancellationToken.None);

        Assert.Contains(crl, material.TrustAnchors.Crls);
        Assert.Empty(await cache.FindAsync(bySubject, CancellationToken.None));
        var refused = await service.ForRecipientAsync(address, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Null(refused.Certificate);
        Assert.Equal($"{victim.Certificate.SubjectDN} (serial {victim.Certificate.SerialNumber.ToString(16)}) is revoked", refused.Refused);
    }
}
