using Gateway.Certificates;
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
}
