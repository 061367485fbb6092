using Gateway.Cms;
using Gateway.Cms.Enveloping;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Cms.Signing;

/// <summary>What the gateway envelopes, OpenSSL decrypts, with the X.400 content type kept on the encrypted content.</summary>
[Collection(VerificationCollection.Name)]
public sealed class X400ContentEnveloperTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("enveloper-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Aes256Cbc", "aes-256-cbc")]
    [InlineData("Aes192Cbc", "aes-192-cbc")]
    [InlineData("Aes128Cbc", "aes-128-cbc")]
    [InlineData("DesEde3Cbc", "des-ede3-cbc")]
    public async Task OpenSSL_decrypts_each_cipher_for_each_recipient(string cipher, string opensslName)
    {
        var ipm = X400TestContent.Ipm("enveloped by the gateway", cipher);

        var cms = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.Rsa.Certificate, pki.SecondRsa.Certificate], cipher);

        var inspection = CmsInspector.Inspect(cms);
        Assert.Equal([CmsLayer.EnvelopedData], inspection.Layers);
        Assert.Equal(X400Oids.InterpersonalMessaging1988, inspection.InnerContentType);
        var path = Path.Combine(_directory, $"{cipher}.p7m");
        await File.WriteAllBytesAsync(path, cms);
        foreach (var recipient in new[] { pki.Rsa, pki.SecondRsa })
        {
            var decrypted = await ProcessRunner.RunCheckedAsync("openssl",
                ["cms", "-decrypt", "-inform", "DER", "-in", path, "-recip", recipient.CertificatePath, "-inkey", recipient.KeyPath, "-binary"]);
            Assert.Equal(ipm, decrypted.StandardOutputBytes);
        }
        var printed = (await ProcessRunner.RunCheckedAsync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", path])).StandardOutput;
        Assert.Contains($"algorithm: {opensslName}", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void An_EC_recipient_is_refused_with_its_name_until_key_agreement_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => X400ContentEnveloper.Envelope(new byte[] { 1 }, X400Oids.InterpersonalMessaging1988, [pki.Ec.Certificate], "Aes256Cbc"));

        Assert.StartsWith($"the certificate of {pki.Ec.Certificate.SubjectDN} has a ", error.Message, StringComparison.Ordinal);
    }
}
