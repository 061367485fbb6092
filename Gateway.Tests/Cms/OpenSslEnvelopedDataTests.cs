using Gateway.Cms;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms;

/// <summary>EnvelopedData (and AuthEnvelopedData) made by `openssl cms -encrypt`: ciphers and every RecipientInfo kind OpenSSL writes.</summary>
[Collection(CmsVectorCollection.Name)]
public sealed class OpenSslEnvelopedDataTests(CmsVectorFixture openssl)
{
    private static readonly byte[] Ipm = X400TestContent.Ipm("enveloped", "an IPM under EnvelopedData");

    [Theory]
    [InlineData("-aes128", "2.16.840.1.101.3.4.1.2", "aes128-CBC", 16)]
    [InlineData("-aes256", "2.16.840.1.101.3.4.1.42", "aes256-CBC", 16)]
    [InlineData("-des3", "1.2.840.113549.3.7", "des-ede3-cbc", 8)]
    public async Task Cipher_and_key_transport_recipient_by_issuer_and_serial(string cipher, string oid, string name, int blockSize)
    {
        var der = await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, cipher);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["envelopedData"], inspection.Layers);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(0, layer.Version);
        Assert.Equal(new CmsAlgorithm(oid, name), layer.ContentEncryptionAlgorithm);
        Assert.Equal(CmsOids.Data, layer.DeclaredInnerType); // OpenSSL writes id-data whatever -econtent_type says
        Assert.Equal((Ipm.Length / blockSize + 1) * blockSize, layer.ContentLength); // PKCS #7 padding
        Assert.Empty(layer.Signers);
        Assert.Empty(layer.DigestAlgorithms);
        var recipient = Assert.Single(layer.Recipients);
        Assert.Equal(new CmsRecipient("ktri", openssl.RsaRecipient.IssuerAndSerial, new CmsAlgorithm("1.2.840.113549.1.1.1", "rsaEncryption")), recipient);
        Assert.Equal(ProtectionKind.Enveloped, inspection.Protection);
        Assert.Null(inspection.X400ContentType);
        Assert.Equal(CmsOids.Data, inspection.InnerContentType);
    }

    [Fact]
    public async Task Keyid_names_the_recipient_by_subject_key_identifier()
    {
        var der = await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, "-aes256", "-keyid");

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(2, layer.Version);
        var recipient = Assert.Single(layer.Recipients);
        Assert.Equal("ktri", recipient.Kind);
        Assert.Equal(openssl.RsaRecipient.SubjectKeyIdentifier, recipient.Identifier);
    }

    [Fact]
    public async Task Key_agreement_recipient()
    {
        var der = await openssl.EncryptAsync(Ipm, openssl.EcRecipient, "-aes128");

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var recipient = Assert.Single(Assert.Single(inspection.LayerDetails).Recipients);
        Assert.Equal("kari", recipient.Kind);
        Assert.Equal(openssl.EcRecipient.IssuerAndSerial, recipient.Identifier);
        Assert.Equal("dhSinglePass-stdDH-sha1kdf-scheme", recipient.KeyEncryptionAlgorithm?.Name);
    }

    [Fact]
    public async Task Key_agreement_recipient_by_key_identifier()
    {
        var der = await openssl.EncryptAsync(Ipm, openssl.EcRecipient, "-aes128", "-keyid");

        var recipient = Assert.Single(Assert.Single(CmsInspector.Inspect(der).LayerDetails).Recipients);

        Assert.Equal(new CmsRecipient("kari", openssl.EcRecipient.SubjectKeyIdentifier, recipient.KeyEncryptionAlgorithm), recipient);
    }

    [Fact]
    public async Task Two_recipients_of_different_kinds()
    {
        var der = await openssl.EncryptForAsync(Ipm, [openssl.RsaRecipient, openssl.EcRecipient], "-aes256");

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(
            new[] { ("kari", openssl.EcRecipient.IssuerAndSerial), ("ktri", openssl.RsaRecipient.IssuerAndSerial) },
            Assert.Single(inspection.LayerDetails).Recipients.Select(r => (r.Kind, r.Identifier!)).Order());
    }

    [Fact]
    public async Task Secret_key_recipient()
    {
        var der = await openssl.EncryptWithoutCertificateAsync(
            Ipm, "-aes128", "-secretkey", "000102030405060708090A0B0C0D0E0F", "-secretkeyid", "C0FFEE");

        var recipient = Assert.Single(Assert.Single(CmsInspector.Inspect(der).LayerDetails).Recipients);

        Assert.Equal(new CmsRecipient("kekri", "kek=C0FFEE", new CmsAlgorithm("2.16.840.1.101.3.4.1.5", "aes128-wrap")), recipient);
    }

    [Fact]
    public async Task Password_recipient()
    {
        var der = await openssl.EncryptWithoutCertificateAsync(Ipm, "-aes128", "-pwri_password", "correct horse");

        var recipient = Assert.Single(Assert.Single(CmsInspector.Inspect(der).LayerDetails).Recipients);

        Assert.Equal(new CmsRecipient("pwri", null, new CmsAlgorithm("1.2.840.113549.1.9.16.3.9", "id-alg-PWRI-KEK")), recipient);
    }

    [Fact]
    public async Task AES_GCM_makes_AuthEnvelopedData()
    {
        var der = await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, "-aes-256-gcm");

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["authEnvelopedData"], inspection.Layers);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(new CmsAlgorithm("2.16.840.1.101.3.4.1.46", "aes256-GCM"), layer.ContentEncryptionAlgorithm);
        Assert.Equal(Ipm.Length, layer.ContentLength); // no padding in GCM
        Assert.Equal("ktri", Assert.Single(layer.Recipients).Kind);
        Assert.Equal(ProtectionKind.Enveloped, inspection.Protection);
    }

    [Fact]
    public async Task Declared_X400_content_type_is_readable_in_the_clear()
    {
        // RFC 3854 §3.3 puts the X.400 OID in encryptedContentInfo.contentType; OpenSSL cannot, so patch it.
        var der = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, "-aes256"), CmsOids.Ipm88);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(CmsOids.Ipm88, Assert.Single(inspection.LayerDetails).DeclaredInnerType);
        Assert.Equal(ProtectionKind.Enveloped, inspection.Protection);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
    }

    [Fact]
    public async Task Streamed_BER_envelope_with_constructed_encrypted_content()
    {
        var content = new byte[10_000];
        Random.Shared.NextBytes(content);
        var der = await openssl.EncryptAsync(content, openssl.RsaRecipient, "-aes128", "-stream");
        Assert.Equal([0x30, 0x80], der[..2]);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal((content.Length / 16 + 1) * 16, Assert.Single(inspection.LayerDetails).ContentLength);
    }
}
