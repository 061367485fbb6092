using Gateway.Cms;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms;

/// <summary>SignedData made by `openssl cms -sign`: every signer key type, identification by certificate and by key identifier.</summary>
[Collection(CmsVectorCollection.Name)]
public sealed class OpenSslSignedDataTests(CmsVectorFixture openssl)
{
    private static readonly byte[] Ipm = X400TestContent.Ipm("signed", "an IPM under SignedData");

    [Fact]
    public async Task RSA_signer_is_named_by_issuer_and_serial()
    {
        var der = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Null(inspection.ErrorKind);
        Assert.Equal(["signedData"], inspection.Layers);
        Assert.Equal("signedData", inspection.OuterLayer);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(CmsOids.Ipm88, layer.DeclaredInnerType);
        Assert.Equal(Ipm.Length, layer.ContentLength);
        Assert.Equal(3, layer.Version); // RFC 5652 §5.1: eContentType other than id-data
        Assert.Equal([new CmsAlgorithm("2.16.840.1.101.3.4.2.1", "sha256")], layer.DigestAlgorithms);
        Assert.Null(layer.ContentEncryptionAlgorithm);
        Assert.Empty(layer.Recipients);
        Assert.Equal(1, layer.CertificateCount);
        Assert.Equal(0, layer.CrlCount);
        Assert.Equal(CmsLayerEncoding.ContentInfo, layer.Encoding);
        Assert.False(layer.LabelledAsData);
        Assert.True(layer.IsComplete);
        var signer = Assert.Single(layer.Signers);
        Assert.Equal(openssl.RsaSigner.IssuerAndSerial, signer.Identifier);
        Assert.StartsWith("issuer=CN=Test CA,O=CMS-X.400 Gateway tests serial=", signer.Identifier, StringComparison.Ordinal);
        Assert.Equal(1, signer.Version);
        Assert.Equal(new CmsAlgorithm("2.16.840.1.101.3.4.2.1", "sha256"), signer.DigestAlgorithm);
        Assert.Equal(new CmsAlgorithm("1.2.840.113549.1.1.1", "rsaEncryption"), signer.SignatureAlgorithm);
        Assert.Equal(CmsOids.Ipm88, signer.SignedContentType);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
        Assert.Equal(CmsOids.Ipm88, inspection.InnerContentType);
    }

    [Fact]
    public async Task DSA_signer_with_SHA1()
    {
        var der = await openssl.SignAsync(Ipm, openssl.DsaSigner, "-md", "sha1", "-econtent_type", CmsOids.Ipm88);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal([new CmsAlgorithm("1.3.14.3.2.26", "sha1")], layer.DigestAlgorithms);
        var signer = Assert.Single(layer.Signers);
        Assert.Equal(openssl.DsaSigner.IssuerAndSerial, signer.Identifier);
        Assert.Equal(new CmsAlgorithm("1.3.14.3.2.26", "sha1"), signer.DigestAlgorithm);
        Assert.Equal(new CmsAlgorithm("1.2.840.10040.4.3", "dsa-with-sha1"), signer.SignatureAlgorithm);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
    }

    [Fact]
    public async Task ECDSA_P256_signer()
    {
        var der = await openssl.SignAsync(Ipm, openssl.EcSigner, "-econtent_type", CmsOids.Ipm88);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var signer = Assert.Single(Assert.Single(inspection.LayerDetails).Signers);
        Assert.Equal(openssl.EcSigner.IssuerAndSerial, signer.Identifier);
        Assert.Equal("sha256", signer.DigestAlgorithm.Name);
        Assert.Equal(new CmsAlgorithm("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"), signer.SignatureAlgorithm);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("dsa")]
    [InlineData("ec")]
    public async Task Nocerts_keyid_names_the_signer_by_subject_key_identifier(string keyType)
    {
        var key = keyType switch { "rsa" => openssl.RsaSigner, "dsa" => openssl.DsaSigner, _ => openssl.EcSigner };

        var der = await openssl.SignAsync(Ipm, key, "-nocerts", "-keyid", "-econtent_type", CmsOids.Ipm88);

        var inspection = CmsInspector.Inspect(der);
        Assert.True(inspection.IsValid, inspection.Error);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(3, layer.Version);
        Assert.Equal(0, layer.CertificateCount);
        var signer = Assert.Single(layer.Signers);
        Assert.Equal(3, signer.Version);
        Assert.Equal(key.SubjectKeyIdentifier, signer.Identifier);
        Assert.Matches("^ski=[0-9A-F]{40}$", signer.Identifier);
    }

    [Fact]
    public async Task STANAG_4406_content_type_is_the_X400_content_type()
    {
        var der = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Stanag4406);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(CmsOids.Stanag4406, inspection.X400ContentType);
        Assert.Equal(CmsOids.Stanag4406, inspection.InnerContentType);
        Assert.Equal(CmsOids.Stanag4406, Assert.Single(Assert.Single(inspection.LayerDetails).Signers).SignedContentType);
    }

    [Fact]
    public async Task Streamed_BER_with_indefinite_lengths_reads_the_same()
    {
        var content = new byte[5000];
        Random.Shared.NextBytes(content);
        var der = await openssl.SignAsync(content, openssl.EcSigner, "-stream", "-econtent_type", CmsOids.Ipm88);
        Assert.Equal([0x30, 0x80], der[..2]);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(content.Length, layer.ContentLength);
        Assert.Equal(openssl.EcSigner.IssuerAndSerial, Assert.Single(layer.Signers).Identifier);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
    }

    [Fact]
    public async Task Two_signers_are_both_listed()
    {
        var der = await openssl.SignAsync(
            Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88, "-signer", openssl.EcSigner.CertificatePath, "-inkey", openssl.EcSigner.KeyPath);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        var layer = Assert.Single(inspection.LayerDetails);
        Assert.Equal(
            new[] { openssl.RsaSigner.IssuerAndSerial, openssl.EcSigner.IssuerAndSerial }.Order(StringComparer.Ordinal),
            layer.Signers.Select(s => s.Identifier).Order(StringComparer.Ordinal));
        Assert.Equal(2, layer.CertificateCount);
    }

    [Fact]
    public async Task Default_id_data_content_is_signed_but_names_no_X400_content_type()
    {
        var der = await openssl.SignAsync(Ipm, openssl.RsaSigner);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData"], inspection.Layers);
        Assert.Equal(CmsOids.Data, inspection.InnerContentType);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Null(inspection.X400ContentType);
    }
}
