using System.Formats.Asn1;
using Gateway.Cms;

namespace Gateway.Tests.Cms;

/// <summary>The inspector on hand-made encodings: what is not CMS, what is cut short, and the BER limits.</summary>
public sealed class CmsInspectorTests
{
    // ContentInfo { id-data, [0] OCTET STRING "x" }
    private static readonly byte[] DataContentInfo =
        [0x30, 0x10, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x03, 0x04, 0x01, 0x78];

    [Fact]
    public void Text_is_not_a_CMS_object()
    {
        var result = CmsInspector.Inspect("hello, world"u8.ToArray());

        Assert.False(result.IsValid);
        Assert.Equal(CmsErrorKind.NotCms, result.ErrorKind);
        Assert.Equal("not a CMS object: it begins with [APPLICATION 8] (0x68) at offset 0, but a ContentInfo is a SEQUENCE", result.Error);
        Assert.Empty(result.Layers);
        Assert.Empty(result.LayerDetails);
        Assert.Null(result.OuterLayer);
        Assert.Null(result.Protection);
    }

    [Fact]
    public void Empty_input_is_not_a_CMS_object()
    {
        Assert.Equal("not a CMS object: the input is empty", CmsInspector.Inspect(ReadOnlyMemory<byte>.Empty).Error);
    }

    [Fact]
    public void A_ContentInfo_of_another_type_is_named()
    {
        var result = CmsInspector.Inspect(DataContentInfo);

        Assert.Equal(CmsErrorKind.UnsupportedContentType, result.ErrorKind);
        Assert.Equal(
            "not a CMS protection type: the ContentInfo's content type is 1.2.840.113549.1.7.1 (id-data), not signedData, envelopedData, authEnvelopedData or compressedData",
            result.Error);
    }

    [Fact]
    public void Bytes_after_the_object_are_refused()
    {
        byte[] der = [.. DataContentInfo, 0x00];

        var result = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.TrailingData, result.ErrorKind);
        Assert.Equal("bytes follow the CMS ContentInfo: 1 octet at offset 18", result.Error);
    }

    [Fact]
    public void A_bare_SignedData_is_not_a_ContentInfo()
    {
        byte[] der = [0x30, 0x05, 0x02, 0x01, 0x01, 0x31, 0x00];

        var result = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.NotCms, result.ErrorKind);
        Assert.Equal(
            "not a CMS object: the SEQUENCE at offset 0 begins with INTEGER at offset 2, not a content type (a bare SignedData or EnvelopedData, without its ContentInfo?)",
            result.Error);
    }

    [Fact]
    public void Truncation_names_the_declared_and_the_present_length()
    {
        // An indefinite SEQUENCE, a 36-octet OCTET STRING, then at offset 40 an OCTET STRING that declares 300 octets.
        var der = new byte[164];
        der[0] = 0x30;
        der[1] = 0x80;
        der[2] = 0x04;
        der[3] = 36;
        der[40] = 0x04;
        der[41] = 0x82;
        der[42] = 0x01;
        der[43] = 0x2C;

        var result = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.Truncated, result.ErrorKind);
        Assert.Equal("truncated: declared 300 octets, 120 present at offset 40", result.Error);
    }

    [Fact]
    public void Truncated_outer_length()
    {
        byte[] der = [.. DataContentInfo[..10]];

        Assert.Equal("truncated: declared 16 octets, 8 present at offset 0", CmsInspector.Inspect(der).Error);
    }

    [Fact]
    public void Missing_end_of_contents()
    {
        byte[] der = [0x30, 0x80, 0x06, 0x01, 0x2A];

        var result = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.Truncated, result.ErrorKind);
        Assert.Equal("truncated: end-of-contents missing for the element at offset 0", result.Error);
    }

    [Theory]
    [InlineData(new byte[] { 0x30, 0x03, 0x04, 0x80, 0x00 }, "malformed BER: the primitive element at offset 2 has an indefinite length (X.690 8.1.3.2)")]
    [InlineData(new byte[] { 0x30, 0x03, 0x1F, 0x80, 0x01 }, "malformed BER: the tag at offset 2 has a leading 0x80 octet (X.690 8.1.2.4.2)")]
    [InlineData(new byte[] { 0x30, 0x03, 0x1F, 0x05, 0x00 }, "malformed BER: the tag at offset 2 uses the long form for number 5 (X.690 8.1.2.2)")]
    [InlineData(new byte[] { 0x30, 0x02, 0x04, 0xFF }, "malformed BER: the length at offset 2 uses the reserved octet 0xFF (X.690 8.1.3.5)")]
    [InlineData(new byte[] { 0x30, 0x02, 0x00, 0x00 }, "malformed BER: end-of-contents at offset 2 outside an indefinite-length element")]
    [InlineData(new byte[] { 0x30, 0x03, 0x04, 0x05, 0x00 }, "malformed BER: the element at offset 2 declares 5 octets, but only 1 remain in the element at offset 0")]
    [InlineData(new byte[] { 0x30, 0x80, 0x30, 0x80, 0x00, 0x01 }, "malformed BER: end-of-contents at offset 4 has a non-zero length octet")]
    public void Malformed_BER_is_placed(byte[] der, string error)
    {
        var result = CmsInspector.Inspect(der);

        Assert.Equal(CmsErrorKind.Malformed, result.ErrorKind);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void A_megabyte_of_nested_constructed_tags_fails_on_the_BER_depth_limit()
    {
        var blob = new byte[1024 * 1024];
        for (var i = 0; i < blob.Length; i += 2)
        {
            (blob[i], blob[i + 1]) = ((byte)0x30, (byte)0x80);
        }

        var result = CmsInspector.Inspect(blob);
        var deeper = CmsInspector.Inspect(blob, new CmsInspectionLimits { MaxBerDepth = 1024 });

        Assert.Equal(CmsErrorKind.BerTooDeep, result.ErrorKind);
        Assert.Equal("BER nesting deeper than 64 at offset 128", result.Error);
        Assert.Equal("BER nesting deeper than 1024 at offset 2048", deeper.Error);
    }

    [Fact]
    public void Definite_nesting_is_limited_the_same_way()
    {
        // 100 SEQUENCEs, each holding the next, with definite lengths.
        var writer = new AsnWriter(AsnEncodingRules.DER);
        var scopes = new Stack<AsnWriter.Scope>();
        for (var i = 0; i < 100; i++)
        {
            scopes.Push(writer.PushSequence());
        }
        while (scopes.Count > 0)
        {
            scopes.Pop().Dispose();
        }

        var result = CmsInspector.Inspect(writer.Encode());

        Assert.Equal(CmsErrorKind.BerTooDeep, result.ErrorKind);
        Assert.StartsWith("BER nesting deeper than 64 at offset ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused_before_reading()
    {
        var result = CmsInspector.Inspect(new byte[1000], new CmsInspectionLimits { MaxSize = 999 });

        Assert.Equal(CmsErrorKind.TooLarge, result.ErrorKind);
        Assert.Equal("too large: 1000 octets, the limit is 999", result.Error);
    }

    [Fact]
    public void A_failure_inside_a_layer_keeps_what_was_read()
    {
        // ContentInfo { id-envelopedData, [0] EnvelopedData { version 0, recipientInfos SET { INTEGER } } }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.EnvelopedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSetOf())
                {
                    writer.WriteInteger(7);
                }
            }
        }

        var result = CmsInspector.Inspect(writer.Encode());

        Assert.Equal(CmsErrorKind.Malformed, result.ErrorKind);
        Assert.Equal(
            "malformed CMS: layer 1 envelopedData.recipientInfos[0] at offset 22: expected a RecipientInfo (SEQUENCE or [1]..[4]), found INTEGER",
            result.Error);
        Assert.Equal(["envelopedData"], result.Layers);
        var layer = Assert.Single(result.LayerDetails);
        Assert.False(layer.IsComplete);
        Assert.Equal(0, layer.Version);
        Assert.Null(result.InnerContentType);
    }

    [Fact]
    public void CompressedData_is_a_layer_that_protects_nothing()
    {
        // CompressedData { version 0, zlib, encapContentInfo { X.400 OID, [0] OCTET STRING } } (RFC 3274)
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.9.16.1.9");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier("1.2.840.113549.1.9.16.3.8");
                }
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Ipm88);
                    using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        writer.WriteOctetString(new byte[12]);
                    }
                }
            }
        }

        var result = CmsInspector.Inspect(writer.Encode());

        Assert.True(result.IsValid, result.Error);
        var layer = Assert.Single(result.LayerDetails);
        Assert.Equal("compressedData", layer.Kind);
        Assert.Equal(new CmsAlgorithm("1.2.840.113549.1.9.16.3.8", "zlib"), layer.CompressionAlgorithm);
        Assert.Equal(12, layer.ContentLength);
        Assert.Null(result.Protection);
        Assert.Equal(CmsOids.Ipm88, result.X400ContentType);
    }

    [Fact]
    public void Limits_out_of_range_throw_when_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmsInspectionLimits { MaxNestingDepth = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CmsInspectionLimits { MaxBerDepth = 2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => CmsInspectionLimits.Default with { MaxSize = 0 });
        Assert.Equal((8, 64, 128L * 1024 * 1024), (CmsInspectionLimits.Default.MaxNestingDepth, CmsInspectionLimits.Default.MaxBerDepth, CmsInspectionLimits.Default.MaxSize));
    }
}
