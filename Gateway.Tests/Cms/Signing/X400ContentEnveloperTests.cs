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

    private PkiSigner Curve(string name) => name switch { "P-256" => pki.Ec, "P-384" => pki.EcP384, _ => pki.EcP521 };

    private async Task<byte[]> OpenSslDecryptAsync(byte[] cms, PkiSigner recipient)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.p7m");
        await File.WriteAllBytesAsync(path, cms);
        return (await ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-decrypt", "-inform", "DER", "-in", path, "-recip", recipient.CertificatePath, "-inkey", recipient.KeyPath, "-binary"])).StandardOutputBytes;
    }

    [Theory]
    [InlineData("P-256", "Aes128Cbc", "dhSinglePass-stdDH-sha256kdf-scheme", "id-aes128-wrap")]
    [InlineData("P-256", "Aes256Cbc", "dhSinglePass-stdDH-sha256kdf-scheme", "id-aes256-wrap")]
    [InlineData("P-384", "Aes256Cbc", "dhSinglePass-stdDH-sha384kdf-scheme", "id-aes256-wrap")]
    [InlineData("P-384", "DesEde3Cbc", "dhSinglePass-stdDH-sha384kdf-scheme", "id-smime-alg-CMS3DESwrap")]
    [InlineData("P-521", "Aes192Cbc", "dhSinglePass-stdDH-sha512kdf-scheme", "id-aes192-wrap")]
    public async Task OpenSSL_opens_ECDH_key_agreement_on_each_curve(string curve, string cipher, string scheme, string wrap)
    {
        var recipient = Curve(curve);
        var ipm = X400TestContent.Ipm("agreed", $"{curve} {cipher}");

        var cms = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [recipient.Certificate], cipher);

        Assert.Equal(ipm, await OpenSslDecryptAsync(cms, recipient));
        var inspected = Assert.Single(Assert.Single(CmsInspector.Inspect(cms).LayerDetails).Recipients);
        Assert.Equal("kari", inspected.Kind);
        Assert.Equal(scheme, inspected.KeyEncryptionAlgorithm?.Name);
        var path = Path.Combine(_directory, "printed.p7m");
        await File.WriteAllBytesAsync(path, cms);
        var printed = (await ProcessRunner.RunCheckedAsync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", path])).StandardOutput;
        Assert.Contains($"OBJECT            :{wrap}\n", printed, StringComparison.Ordinal);
        Assert.Contains("algorithm: id-ecPublicKey (1.2.840.10045.2.1)\n            parameter: <ABSENT>", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Aes256Cbc", "id-aes256-wrap")]
    [InlineData("DesEde3Cbc", "id-smime-alg-CMS3DESwrap")]
    public async Task OpenSSL_opens_X942_DH_key_agreement(string cipher, string wrap)
    {
        var ipm = X400TestContent.Ipm("agreed by DH", cipher);

        var cms = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.Dh.Certificate], cipher);

        Assert.Equal(ipm, await OpenSslDecryptAsync(cms, pki.Dh));
        var path = Path.Combine(_directory, "dh.p7m");
        await File.WriteAllBytesAsync(path, cms);
        var printed = (await ProcessRunner.RunCheckedAsync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", path])).StandardOutput;
        Assert.Contains("algorithm: id-smime-alg-ESDH (1.2.840.113549.1.9.16.3.5)", printed, StringComparison.Ordinal);
        Assert.Contains($"OBJECT            :{wrap}\n", printed, StringComparison.Ordinal);
        Assert.Contains("algorithm: X9.42 DH (1.2.840.10046.2.1)\n            parameter: <ABSENT>", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_transport_and_key_agreement_recipients_share_one_envelope()
    {
        var ipm = X400TestContent.Ipm("mixed", "RSA and EC");

        var cms = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.Rsa.Certificate, pki.Ec.Certificate, pki.EcP384.Certificate, pki.Dh.Certificate], "Aes256Cbc");

        Assert.Equal(["ktri", "kari", "kari", "kari"], Assert.Single(CmsInspector.Inspect(cms).LayerDetails).Recipients.Select(r => r.Kind));
        foreach (var recipient in new[] { pki.Rsa, pki.Ec, pki.EcP384, pki.Dh }) Assert.Equal(ipm, await OpenSslDecryptAsync(cms, recipient));
    }

    [Fact]
    public async Task User_keying_material_enters_the_shared_info_as_OpenSSL_computes_it()
    {
        var ipm = X400TestContent.Ipm("ukm", "entityUInfo");
        var generator = new Org.BouncyCastle.Cms.CmsEnvelopedDataGenerator();
        generator.AddRecipientInfoGenerator(new KeyAgreeRecipientInfoGenerator(pki.Ec.Certificate, X400ContentEnveloper.Ciphers["Aes128Cbc"], ukm: [.. Enumerable.Range(1, 64).Select(i => (byte)i)]));
        var cms = generator.Generate(new Org.BouncyCastle.Cms.CmsProcessableByteArray(new Org.BouncyCastle.Asn1.DerObjectIdentifier(X400Oids.InterpersonalMessaging1988), ipm),
            new Org.BouncyCastle.Asn1.DerObjectIdentifier(X400ContentEnveloper.Ciphers["Aes128Cbc"])).GetEncoded();

        Assert.Equal(ipm, await OpenSslDecryptAsync(cms, pki.Ec));
    }

    [Fact]
    public void A_recipient_key_that_can_neither_transport_nor_agree_is_refused_with_its_name()
    {
        var error = Assert.Throws<ArgumentException>(() => X400ContentEnveloper.Envelope(new byte[] { 1 }, X400Oids.InterpersonalMessaging1988, [pki.Dsa.Certificate], "Aes256Cbc"));

        Assert.Equal($"the certificate of {pki.Dsa.Certificate.SubjectDN} has a 1.2.840.10040.4.1 key; only RSA (key transport), EC and DH (key agreement) keys can receive",
            error.Message);
    }
}
