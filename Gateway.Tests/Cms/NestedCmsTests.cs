using Gateway.Cms;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms;

/// <summary>RFC 3854 §3.4 nesting made with OpenSSL: triple wraps with proper and with id-data labels, and the limits.</summary>
[Collection(CmsVectorCollection.Name)]
public sealed class NestedCmsTests(CmsVectorFixture openssl)
{
    private static readonly byte[] Ipm = X400TestContent.Ipm("triple", "an IPM in a triple wrap");

    [Fact]
    public async Task Triple_wrap_with_proper_labels_is_signed()
    {
        // §3.4.1: Signed(X.400 OID) -> Enveloped(declared id-signedData) -> Signed(id-envelopedData).
        var inner = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(inner, openssl.RsaRecipient, "-aes256"), CmsOids.SignedData);
        var outer = await openssl.SignAsync(envelope, openssl.EcSigner, "-econtent_type", CmsOids.EnvelopedData);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "envelopedData"], inspection.Layers);
        var (signed, enveloped) = (inspection.LayerDetails[0], inspection.LayerDetails[1]);
        Assert.Equal(CmsOids.EnvelopedData, signed.DeclaredInnerType);
        Assert.Equal(envelope.Length, signed.ContentLength);
        Assert.Equal(CmsOids.EnvelopedData, Assert.Single(signed.Signers).SignedContentType);
        Assert.Equal(openssl.EcSigner.IssuerAndSerial, Assert.Single(signed.Signers).Identifier);
        Assert.Equal(CmsLayerEncoding.ContentInfo, enveloped.Encoding); // OpenSSL signs the whole ContentInfo: tolerated
        Assert.False(enveloped.LabelledAsData);
        Assert.Equal(CmsOids.SignedData, enveloped.DeclaredInnerType);
        Assert.Equal("aes256-CBC", enveloped.ContentEncryptionAlgorithm?.Name);
        Assert.Equal(openssl.RsaRecipient.IssuerAndSerial, Assert.Single(enveloped.Recipients).Identifier);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Null(inspection.X400ContentType);
        Assert.Equal(CmsOids.SignedData, inspection.InnerContentType);
    }

    [Fact]
    public async Task Triple_wrap_with_the_envelope_encoded_directly()
    {
        var inner = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(inner, openssl.RsaRecipient, "-aes128"), CmsOids.SignedData);
        var outer = await openssl.SignAsync(CmsRewrite.Bare(envelope), openssl.RsaSigner, "-econtent_type", CmsOids.EnvelopedData);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "envelopedData"], inspection.Layers);
        Assert.Equal(CmsLayerEncoding.Bare, inspection.LayerDetails[1].Encoding);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Null(inspection.X400ContentType);
    }

    [Fact]
    public async Task Triple_wrap_with_OpenSSL_id_data_labels_is_accepted_and_judged_enveloped()
    {
        // `openssl cms -sign`, then `-encrypt`, then `-sign`: both inner labels are id-data. The hidden signature
        // cannot be seen, and nothing declares it, so the innermost visible protection is the envelope.
        var inner = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = await openssl.EncryptAsync(inner, openssl.RsaRecipient, "-aes256");
        var outer = await openssl.SignAsync(envelope, openssl.RsaSigner);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "envelopedData"], inspection.Layers);
        Assert.Equal(CmsOids.Data, inspection.LayerDetails[0].DeclaredInnerType);
        Assert.True(inspection.LayerDetails[1].LabelledAsData);
        Assert.Equal(CmsLayerEncoding.ContentInfo, inspection.LayerDetails[1].Encoding);
        Assert.Equal(CmsOids.Data, inspection.LayerDetails[1].DeclaredInnerType);
        Assert.Equal(ProtectionKind.Enveloped, inspection.Protection);
        Assert.Null(inspection.X400ContentType);
    }

    [Fact]
    public async Task Streamed_outer_signature_is_reassembled_and_followed()
    {
        var inner = await openssl.SignAsync(Ipm, openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(inner, openssl.RsaRecipient, "-aes256"), CmsOids.SignedData);
        var outer = await openssl.SignAsync(envelope, openssl.RsaSigner, "-stream", "-econtent_type", CmsOids.EnvelopedData);
        Assert.Equal([0x30, 0x80], outer[..2]);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "envelopedData"], inspection.Layers);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
    }

    [Fact]
    public async Task Signed_envelope_declaring_the_X400_type_is_enveloped()
    {
        var envelope = CmsRewrite.WithEnvelopedContentType(await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, "-des3"), CmsOids.Ipm88);
        var outer = await openssl.SignAsync(envelope, openssl.RsaSigner, "-econtent_type", CmsOids.EnvelopedData);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "envelopedData"], inspection.Layers);
        Assert.Equal(ProtectionKind.Enveloped, inspection.Protection);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signature_over_a_signature_reaches_the_X400_type(bool idDataLabel)
    {
        var inner = await openssl.SignAsync(Ipm, openssl.DsaSigner, "-econtent_type", CmsOids.Ipm88);
        var outer = idDataLabel
            ? await openssl.SignAsync(inner, openssl.EcSigner)
            : await openssl.SignAsync(inner, openssl.EcSigner, "-econtent_type", CmsOids.SignedData);

        var inspection = CmsInspector.Inspect(outer);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData", "signedData"], inspection.Layers);
        Assert.Equal(idDataLabel, inspection.LayerDetails[1].LabelledAsData);
        Assert.Equal(openssl.DsaSigner.IssuerAndSerial, Assert.Single(inspection.LayerDetails[1].Signers).Identifier);
        Assert.Equal(ProtectionKind.Signed, inspection.Protection);
        Assert.Equal(CmsOids.Ipm88, inspection.X400ContentType);
    }

    [Fact]
    public async Task Id_data_content_that_only_looks_like_CMS_is_data()
    {
        // A SEQUENCE beginning with an INTEGER, but no SignedData or EnvelopedData.
        byte[] lookalike = [0x30, 0x06, 0x02, 0x01, 0x01, 0x31, 0x01, 0x00];
        var der = await openssl.SignAsync(lookalike, openssl.RsaSigner);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData"], inspection.Layers);
        Assert.Null(inspection.X400ContentType);
    }

    [Fact]
    public async Task Deep_BER_blob_under_id_data_is_data_not_an_error()
    {
        var blob = new byte[64 * 1024];
        byte[] start = [0x30, 0x80, 0x02, 0x01, 0x01];
        start.CopyTo(blob, 0);
        for (var i = start.Length; i + 1 < blob.Length; i += 2)
        {
            (blob[i], blob[i + 1]) = ((byte)0x30, (byte)0x80);
        }
        var der = await openssl.SignAsync(blob, openssl.RsaSigner);

        var inspection = CmsInspector.Inspect(der);

        Assert.True(inspection.IsValid, inspection.Error);
        Assert.Equal(["signedData"], inspection.Layers);
    }

    [Fact]
    public async Task Labelled_nesting_that_does_not_parse_is_an_error_with_its_place()
    {
        // eContentType id-signedData over a SEQUENCE that holds only a version.
        var der = await openssl.SignAsync([0x30, 0x03, 0x02, 0x01, 0x01], openssl.RsaSigner, "-econtent_type", CmsOids.SignedData);

        var inspection = CmsInspector.Inspect(der);

        Assert.False(inspection.IsValid);
        Assert.Equal(CmsErrorKind.Malformed, inspection.ErrorKind);
        Assert.StartsWith("malformed CMS: layer 2 signedData.digestAlgorithms at offset ", inspection.Error, StringComparison.Ordinal);
        Assert.EndsWith(": expected SET, but layer 2 signedData ends here", inspection.Error, StringComparison.Ordinal);
        Assert.Equal(["signedData", "signedData"], inspection.Layers);
        Assert.True(inspection.LayerDetails[0].IsComplete);
        Assert.False(inspection.LayerDetails[1].IsComplete);
        Assert.Equal(1, inspection.LayerDetails[1].Version);
        Assert.Null(inspection.Protection);
        Assert.Null(inspection.InnerContentType);
    }

    [Fact]
    public async Task Label_and_nested_ContentInfo_must_agree()
    {
        var envelope = await openssl.EncryptAsync(Ipm, openssl.RsaRecipient, "-aes128");
        var der = await openssl.SignAsync(envelope, openssl.RsaSigner, "-econtent_type", CmsOids.SignedData);

        var inspection = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.Malformed, inspection.ErrorKind);
        Assert.Matches(
            @"^malformed CMS: layer 1 signedData\.encapContentInfo\.eContent at offset \d+: eContentType 1\.2\.840\.113549\.1\.7\.2 \(id-signedData\) but the eContent is a ContentInfo of 1\.2\.840\.113549\.1\.7\.3 \(id-envelopedData\)$",
            inspection.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Nine_layers_exceed_the_default_limit_of_eight(bool idDataLabels)
    {
        var der = await openssl.SignAsync(Ipm, openssl.EcSigner, "-econtent_type", CmsOids.Ipm88);
        for (var i = 1; i < 9; i++)
        {
            der = idDataLabels
                ? await openssl.SignAsync(der, openssl.EcSigner)
                : await openssl.SignAsync(der, openssl.EcSigner, "-econtent_type", CmsOids.SignedData);
        }

        var refused = CmsInspector.Inspect(der);
        var accepted = CmsInspector.Inspect(der, new CmsInspectionLimits { MaxNestingDepth = 9 });

        Assert.Equal(CmsErrorKind.TooManyLayers, refused.ErrorKind);
        Assert.Equal("nested deeper than 8 CMS layers", refused.Error);
        Assert.True(accepted.IsValid, accepted.Error);
        Assert.Equal(Enumerable.Repeat("signedData", 9), accepted.Layers);
        Assert.Equal(CmsOids.Ipm88, accepted.X400ContentType);
    }

    [Fact]
    public async Task Reassembly_counts_against_the_size_limit()
    {
        var inner = await openssl.SignAsync(new byte[20_000], openssl.RsaSigner, "-econtent_type", CmsOids.Ipm88);
        var outer = await openssl.SignAsync(inner, openssl.RsaSigner, "-stream", "-econtent_type", CmsOids.SignedData);
        var limits = new CmsInspectionLimits { MaxSize = outer.Length + inner.Length - 1 };

        var inspection = CmsInspector.Inspect(outer, limits);

        Assert.Equal(CmsErrorKind.TooLarge, inspection.ErrorKind);
        Assert.Equal(
            $"too large: reassembling the eContent of layer 1 ({inner.Length} octets) brings the octets decoded to {outer.Length + inner.Length}, the limit is {limits.MaxSize}",
            inspection.Error);
        Assert.True(CmsInspector.Inspect(outer, limits with { MaxSize = outer.Length + inner.Length }).IsValid);
    }
}
