using Gateway.Cms;

namespace Gateway.Tests.Cms;

public sealed class CmsInspectorTests
{
    [Fact]
    public void Text_is_not_a_CMS_object()
    {
        var result = CmsInspector.Inspect("hello, world"u8.ToArray());
        Assert.False(result.IsValid);
        Assert.StartsWith("not a CMS object: ", result.Error);
        Assert.Empty(result.Layers);
    }

    [Fact]
    public void A_ContentInfo_of_another_type_is_named()
    {
        // ContentInfo { id-data, [0] OCTET STRING "x" }
        byte[] der = [0x30, 0x10, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x03, 0x04, 0x01, 0x78];
        var result = CmsInspector.Inspect(der);
        Assert.Equal("content type 1.2.840.113549.1.7.1 is not a CMS protection type (signedData or envelopedData)", result.Error);
    }

    [Fact]
    public void Bytes_after_the_object_are_refused()
    {
        byte[] der = [0x30, 0x10, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x03, 0x04, 0x01, 0x78, 0x00];
        Assert.Equal("bytes follow the CMS ContentInfo", CmsInspector.Inspect(der).Error);
    }
}
