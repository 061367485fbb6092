using Gateway.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>The shared OpenSSL peer's own CA and signer (<see cref="OpenSslCms"/>), as the other CMS tests use them.</summary>
[Collection(OpenSslCollection.Name)]
public sealed class OpenSslFixtureVerificationTests(OpenSslCms openssl)
{
    [Fact]
    public async Task What_the_shared_OpenSSL_signer_signs_verifies_against_its_CA()
    {
        var content = "an X.400 content of any bytes \0\r\n"u8.ToArray();
        var der = await openssl.SignAsync(content, X400Oids.InterpersonalMessaging1988);
        var ca = new X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(openssl.CaCertificatePath));
        var signer = new X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(openssl.SignerCertificatePath));

        var result = new SignatureVerifier().Verify(der, new VerificationContext(TrustAnchors.Create([ca]), DateTimeOffset.UtcNow));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal(X400Oids.InterpersonalMessaging1988, result.EContentType);
        Assert.Equal(content, result.Content.ToArray());
        var verified = Assert.Single(result.Signers);
        Assert.Equal(signer, verified.Certificate);
        Assert.Equal("CN=signer,O=CMS-X.400 Gateway tests", verified.Subject);
        Assert.Empty(verified.X400Addresses); // an email subjectAltName only
    }

    [Fact]
    public async Task Pinned_signer_certificate_is_trusted_and_no_anchor_is_untrusted()
    {
        var der = await openssl.SignAsync("x"u8.ToArray(), X400Oids.InterpersonalMessaging1988);
        var signer = new X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(openssl.SignerCertificatePath));

        // An operator may pin a correspondent's certificate instead of trusting its CA.
        var result = new SignatureVerifier().Verify(der, new VerificationContext(TrustAnchors.Create([signer]), DateTimeOffset.UtcNow));

        Assert.Equal(SignatureStatus.Valid, result.Status);
        var untrusted = new SignatureVerifier().Verify(der, new VerificationContext(TrustAnchors.Empty, DateTimeOffset.UtcNow));
        Assert.Equal((SignatureStatus.Untrusted, "signature verified, but no trust anchors configured"), (untrusted.Status, untrusted.Reason));
    }
}
