using Gateway.Certificates;
using Gateway.Cms;
using Gateway.Cms.Signing;
using Gateway.X400;
using Gateway.Cms.Enveloping;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Cms.Signing;

/// <summary>What OpenSSL envelopes, the gateway opens; with the wrong key or corrupt input it says why.</summary>
[Collection(VerificationCollection.Name)]
public sealed class X400ContentDecryptorTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("decryptor-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<byte[]> OpenSslEncryptAsync(byte[] content, string cipher)
    {
        var input = Path.Combine(_directory, $"{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(input, content);
        return (await ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, cipher, pki.SecondRsa.CertificatePath, pki.Rsa.CertificatePath])).StandardOutputBytes;
    }

    [Theory]
    [InlineData("-aes256")]
    [InlineData("-aes192")]
    [InlineData("-aes128")]
    [InlineData("-des3")]
    public async Task Opens_what_OpenSSL_envelopes(string cipher)
    {
        var ipm = X400TestContent.Ipm("from openssl", cipher);
        var cms = await OpenSslEncryptAsync(ipm, cipher);
        var identity = SigningIdentityFiles.Load(null, pki.Rsa.CertificatePath, pki.Rsa.KeyPath, null);

        Assert.True(X400ContentDecryptor.TryDecrypt(cms, [identity], out var type, out var content, out var error), error);

        Assert.Equal(ipm, content);
        Assert.Equal("1.2.840.113549.1.7.1", type); // OpenSSL always declares id-data (stack-notes)
    }

    [Fact]
    public async Task The_wrong_identity_and_corrupt_input_are_explained()
    {
        var cms = await OpenSslEncryptAsync([1, 2, 3], "-aes256");
        var stranger = SigningIdentityFiles.Load(null, pki.Ec.CertificatePath, pki.Ec.KeyPath, null);

        Assert.False(X400ContentDecryptor.TryDecrypt(cms, [stranger], out _, out _, out var notOurs));
        Assert.Equal("none of the 1 decryption identities is among its 2 recipients", notOurs);
        Assert.False(X400ContentDecryptor.TryDecrypt(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, [stranger], out _, out _, out var corrupt));
        Assert.StartsWith("it cannot be decrypted: ", corrupt, StringComparison.Ordinal);
    }

    /// <summary>`openssl cms -encrypt` for one recipient, with `-keyopt` after its -recip as OpenSSL wants it.</summary>
    private async Task<byte[]> OpenSslEncryptForAsync(byte[] content, PkiSigner recipient, string cipher, string? keyopt = null, bool keyid = false)
    {
        var input = Path.Combine(_directory, $"{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(input, content);
        string[] identifier = keyid ? ["-keyid"] : [];
        string[] options = keyopt is null ? [] : ["-keyopt", keyopt];
        return (await ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, cipher, .. identifier, "-recip", recipient.CertificatePath, .. options])).StandardOutputBytes;
    }

    [Theory]
    [InlineData("P-256", "-aes128", null, false)] // OpenSSL's default: dhSinglePass-stdDH-sha1kdf, aes128-wrap
    [InlineData("P-256", "-aes256", "ecdh_kdf_md:sha256", false)]
    [InlineData("P-256", "-des3", "ecdh_kdf_md:sha224", false)]
    [InlineData("P-256", "-aes192", "ecdh_cofactor_mode:1", false)]
    [InlineData("P-256", "-aes256", null, true)]
    [InlineData("P-384", "-aes256", "ecdh_kdf_md:sha384", false)]
    [InlineData("P-521", "-aes128", "ecdh_kdf_md:sha512", false)]
    [InlineData("DH", "-aes256", null, false)] // id-alg-ESDH, X9.42 KDF
    [InlineData("DH", "-des3", null, true)]
    public async Task Opens_what_OpenSSL_envelopes_by_key_agreement(string curve, string cipher, string? keyopt, bool keyid)
    {
        var recipient = curve switch { "P-256" => pki.Ec, "P-384" => pki.EcP384, "DH" => pki.Dh, _ => pki.EcP521 };
        var ipm = X400TestContent.Ipm("agreed by openssl", $"{cipher} {keyopt}");
        var cms = await OpenSslEncryptForAsync(ipm, recipient, cipher, keyopt, keyid);
        Assert.Equal("kari", Assert.Single(Assert.Single(CmsInspector.Inspect(cms).LayerDetails).Recipients).Kind);

        Assert.True(X400ContentDecryptor.TryDecrypt(cms, [Identity(pki.Rsa), Identity(recipient)], out var type, out var content, out var error), error);

        Assert.Equal(ipm, content);
        Assert.Equal("1.2.840.113549.1.7.1", type);
    }

    private static SigningIdentity Identity(PkiSigner signer) => SigningIdentityFiles.Load(null, signer.CertificatePath, signer.KeyPath, null);

    [Theory]
    [InlineData("rsa_oaep_md:sha1")]
    [InlineData("rsa_oaep_md:sha256")]
    public async Task Opens_RSA_OAEP_key_transport(string digest)
    {
        var ipm = X400TestContent.Ipm("oaep", digest);
        var input = Path.Combine(_directory, $"{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(input, ipm);
        var cms = (await ProcessRunner.RunCheckedAsync("openssl",
        [
            "cms", "-encrypt", "-binary", "-outform", "DER", "-in", input, "-aes256", "-recip", pki.Rsa.CertificatePath,
            "-keyopt", "rsa_padding_mode:oaep", "-keyopt", digest,
        ])).StandardOutputBytes;
        Assert.Equal("RSAES-OAEP", Assert.Single(Assert.Single(CmsInspector.Inspect(cms).LayerDetails).Recipients).KeyEncryptionAlgorithm?.Name);

        Assert.True(X400ContentDecryptor.TryDecrypt(cms, [Identity(pki.Rsa)], out _, out var content, out var error), error);
        Assert.Equal(ipm, content);
    }

    [Fact]
    public async Task Opens_a_key_transport_recipient_named_by_subject_key_identifier()
    {
        var ipm = X400TestContent.Ipm("keyid", "RSA by SKI");
        var cms = await OpenSslEncryptForAsync(ipm, pki.Rsa, "-aes128", keyid: true);

        Assert.True(X400ContentDecryptor.TryDecrypt(cms, [Identity(pki.Rsa)], out _, out var content, out var error), error);
        Assert.Equal(ipm, content);
    }

    [Fact]
    public void Opens_its_own_key_agreement_for_each_curve_and_DH()
    {
        var ipm = X400TestContent.Ipm("round trip", "ECDH");
        var cms = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.Ec.Certificate, pki.EcP384.Certificate, pki.EcP521.Certificate, pki.Dh.Certificate], "Aes256Cbc");

        foreach (var recipient in new[] { pki.Ec, pki.EcP384, pki.EcP521, pki.Dh })
        {
            Assert.True(X400ContentDecryptor.TryDecrypt(cms, [Identity(recipient)], out var type, out var content, out var error), error);
            Assert.Equal(ipm, content);
            Assert.Equal(X400Oids.InterpersonalMessaging1988, type);
        }
    }

    [Fact]
    public async Task An_EC_certificate_held_with_the_wrong_key_is_explained()
    {
        var cms = await OpenSslEncryptForAsync([1, 2, 3], pki.Ec, "-aes256");
        var impostor = new SigningIdentity(pki.Ec.Certificate, Identity(pki.EcP384).PrivateKey, []);
        var sameCurve = SigningIdentityFiles.Load(null, pki.Ec.CertificatePath, await FreshEcKeyAsync(), null);

        Assert.False(X400ContentDecryptor.TryDecrypt(cms, [impostor], out _, out _, out var otherCurve));
        Assert.StartsWith("it cannot be decrypted: the originator's public key is not a point on the recipient's curve", otherCurve, StringComparison.Ordinal);
        Assert.False(X400ContentDecryptor.TryDecrypt(cms, [sameCurve], out _, out _, out var wrongKey));
        Assert.Equal("it cannot be decrypted: the wrapped content-encryption key does not unwrap with the agreed key (not for this key, or damaged)", wrongKey);
    }

    private async Task<string> FreshEcKeyAsync()
    {
        var path = Path.Combine(_directory, "fresh-ec.key");
        await ProcessRunner.RunCheckedAsync("openssl", ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", path]);
        return path;
    }
}
