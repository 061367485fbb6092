using Gateway.Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Gateway.Mime;
using Gateway.Relay;
using Gateway.Tests.Cms.Verification;
using Gateway.X400;

namespace Gateway.Tests.Relay;

/// <summary>The refusals of route protection: what can never work is 5.7.0, what the operator can fix is 4.7.5.</summary>
[Collection(VerificationCollection.Name)]
public sealed class OutboundProtectionTests(VerificationPki pki)
{
    private static readonly OrName Originator = new(OrAddress.Parse("/S=Alice/O=Example/ADMD= /C=GB/"));

    [Fact]
    public async Task A_recipient_certificate_whose_key_cannot_receive_defers_naming_it()
    {
        var protection = new OutboundProtection(GatewayIdentity.None, CertificateService.Over([pki.Dsa.Certificate]), NullLogger<OutboundProtection>.Instance);

        var outcome = await protection.ApplyAsync(new byte[] { 1 }, MessageKind.X400Content, X400ContentType.FromBuiltIn(22), [new SecurityRoute("r", Encrypt: true)],
            [new OrName(pki.Dsa.X400Address!)], Originator, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(451, outcome.Refusal?.Code);
        Assert.Equal($"451 4.7.5 the content cannot be protected as its route asks: the certificate of {pki.Dsa.Certificate.SubjectDN} has a 1.2.840.10040.4.1 key; only RSA (key transport), EC and DH (key agreement) keys can receive",
            outcome.Refusal!.ToString());
    }

    [Fact]
    public async Task A_directory_that_is_down_defers_encryption_with_4_7_0()
    {
        var ldap = new Gateway.Tests.Certificates.ScriptedDirectory("ldap://directory") { Unavailable = true };
        var service = new CertificateService(ldap, new RevocationLists(ldap, [], TimeProvider.System, TimeSpan.FromMinutes(5)), pki.Anchors, null,
            new LocalCertificateStore(Path.Combine(Path.GetTempPath(), $"no-store-{Guid.NewGuid():N}")), harvest: false, NullLogger<CertificateService>.Instance);
        var protection = new OutboundProtection(GatewayIdentity.None, service, NullLogger<OutboundProtection>.Instance);

        var outcome = await protection.ApplyAsync(new byte[] { 1 }, MessageKind.X400Content, X400ContentType.FromBuiltIn(22), [new SecurityRoute("r", Encrypt: true)],
            [new OrName(pki.Rsa.X400Address!)], Originator, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal($"451 4.7.0 route r: no certificate for {pki.Rsa.X400Address} at hand and ldap://directory is unavailable: connection refused",
            outcome.Refusal?.ToString());
    }

    [Fact]
    public async Task A_content_type_without_an_OID_cannot_be_signed()
    {
        var protection = new OutboundProtection(GatewayIdentity.None, CertificateService.Over([]), NullLogger<OutboundProtection>.Instance);

        var outcome = await protection.ApplyAsync(new byte[] { 1 }, MessageKind.X400Content, X400ContentType.FromBuiltIn(35), [new SecurityRoute("edi", Sign: true)],
            [Originator], Originator, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal("554 5.7.0 route edi: content type 35 has no object identifier to protect it under", outcome.Refusal?.ToString());
    }

    [Fact]
    public async Task Content_the_sender_enveloped_is_left_as_sent()
    {
        var protection = new OutboundProtection(GatewayIdentity.None, CertificateService.Over([]), NullLogger<OutboundProtection>.Instance);
        byte[] content = [1, 2, 3];

        var outcome = await protection.ApplyAsync(content, MessageKind.EnvelopedX400, null, [new SecurityRoute("r", Encrypt: true)], [Originator], Originator, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Null(outcome.Refusal);
        Assert.Equal(content, outcome.Content.ToArray());
        Assert.Equal("route r: content already enveloped-x400, left as sent", outcome.Note);
    }
}
