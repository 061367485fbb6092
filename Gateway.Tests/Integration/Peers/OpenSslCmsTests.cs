using Gateway.X400;

namespace Gateway.Tests.Integration.Peers;

[Trait("Category", "Integration")]
[Collection(OpenSslCollection.Name)]
public sealed class OpenSslCmsTests(OpenSslCms openssl)
{
    // Every byte value, CR and LF among them: -binary must keep OpenSSL from canonicalising line ends.
    private static readonly byte[] Content = [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. "\r\n\n\r"u8];

    [Fact]
    public async Task Sign_then_verify_returns_the_exact_content_and_keeps_the_content_type()
    {
        var signed = await openssl.SignAsync(Content, X400Oids.InterpersonalMessaging1988);

        Assert.Equal(Content, await openssl.VerifyAsync(signed));
        var structure = await openssl.Asn1ParseAsync(signed);
        Assert.Contains(":pkcs7-signedData", structure, StringComparison.Ordinal);
        Assert.Contains(":2.6.1.10.1", structure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_signed_object_does_not_verify()
    {
        var signed = await openssl.SignAsync(Content, X400Oids.InterpersonalMessaging1988);
        var at = signed.AsSpan().IndexOf("\r\n\n\r"u8);
        signed[at] ^= 0x01;

        await Assert.ThrowsAsync<ProcessFailedException>(() => openssl.VerifyAsync(signed));
    }

    [Theory]
    [InlineData("aes256", ":aes-256-cbc")]
    [InlineData("des3", ":des-ede3-cbc")]
    public async Task Encrypt_then_decrypt_returns_the_exact_content(string cipher, string algorithmInDump)
    {
        var enveloped = await openssl.EncryptAsync(Content, cipher);

        Assert.Equal(Content, await openssl.DecryptAsync(enveloped));
        var structure = await openssl.Asn1ParseAsync(enveloped);
        Assert.Contains(":pkcs7-envelopedData", structure, StringComparison.Ordinal);
        Assert.Contains(algorithmInDump, structure, StringComparison.Ordinal);
    }
}
