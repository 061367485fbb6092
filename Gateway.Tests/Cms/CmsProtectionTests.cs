using Gateway.Cms;

namespace Gateway.Tests.Cms;

/// <summary>RFC 3854 §3.4.1 on layer lists: the innermost protection decides; a hidden layer counts by its declared type.</summary>
public sealed class CmsProtectionTests
{
    private static CmsLayer Layer(string kind, string? declared) =>
        new(kind, 0, declared, 1, [], null, [], [], 0, 0);

    public static TheoryData<string, string[], string?[], ProtectionKind?, string?> Chains => new()
    {
        { "Signed(X.400)", ["signedData"], [CmsOids.Ipm88], ProtectionKind.Signed, CmsOids.Ipm88 },
        { "Enveloped(X.400)", ["envelopedData"], [CmsOids.Ipm88], ProtectionKind.Enveloped, CmsOids.Ipm88 },
        { "Enveloped(id-data)", ["envelopedData"], [CmsOids.Data], ProtectionKind.Enveloped, null },
        { "Signed(Enveloped(id-signedData)): triple wrap", ["signedData", "envelopedData"], [CmsOids.EnvelopedData, CmsOids.SignedData], ProtectionKind.Signed, null },
        { "Signed(Enveloped(X.400))", ["signedData", "envelopedData"], [CmsOids.EnvelopedData, CmsOids.Ipm88], ProtectionKind.Enveloped, CmsOids.Ipm88 },
        { "Signed(Enveloped(id-data)): OpenSSL labels", ["signedData", "envelopedData"], [CmsOids.Data, CmsOids.Data], ProtectionKind.Enveloped, null },
        { "Enveloped(id-signedData) alone", ["envelopedData"], [CmsOids.SignedData], ProtectionKind.Signed, null },
        { "AuthEnveloped(X.400)", ["authEnvelopedData"], [CmsOids.Ipm88], ProtectionKind.Enveloped, CmsOids.Ipm88 },
        { "Signed(Signed(X.400))", ["signedData", "signedData"], [CmsOids.SignedData, CmsOids.Ipm88], ProtectionKind.Signed, CmsOids.Ipm88 },
        { "Signed(id-data)", ["signedData"], [CmsOids.Data], ProtectionKind.Signed, null },
        { "detached Signed(id-envelopedData)", ["signedData"], [CmsOids.EnvelopedData], ProtectionKind.Enveloped, null },
        { "Signed(Compressed(X.400))", ["signedData", "compressedData"], [CmsOids.CompressedData, CmsOids.Ipm88], ProtectionKind.Signed, CmsOids.Ipm88 },
        { "Compressed(X.400) alone", ["compressedData"], [CmsOids.Ipm88], null, CmsOids.Ipm88 },
        { "Compressed(id-signedData)", ["compressedData"], [CmsOids.SignedData], ProtectionKind.Signed, null },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Innermost_protection_decides(string chain, string[] kinds, string?[] declared, ProtectionKind? protection, string? x400ContentType)
    {
        var layers = kinds.Select((kind, i) => Layer(kind, declared[i])).ToList();
        var inspection = CmsInspection.Valid(layers);

        Assert.True(protection == inspection.Protection, $"{chain}: {inspection.Protection}");
        Assert.Equal(protection, CmsProtection.Of(layers));
        Assert.True(x400ContentType == inspection.X400ContentType, $"{chain}: {inspection.X400ContentType}");
    }

    [Fact]
    public void An_invalid_inspection_has_no_protection_and_no_content_type()
    {
        var inspection = CmsInspection.Invalid([Layer("signedData", CmsOids.Ipm88)], CmsErrorKind.Malformed, "malformed CMS: …");

        Assert.Null(inspection.Protection);
        Assert.Null(inspection.X400ContentType);
        Assert.Null(inspection.InnerContentType);
        Assert.Equal(["signedData"], inspection.Layers);
    }

    [Theory]
    [InlineData("1.2.840.113549.1.7.1", true)]
    [InlineData("1.2.840.113549.1.7.2", true)]
    [InlineData("1.2.840.113549.1.7.3", true)]
    [InlineData("1.2.840.113549.1.9.16.1.23", true)]
    [InlineData("1.2.840.113549.1.9.16.1.9", true)]
    [InlineData("1.2.840.113549.1.9.16.1.6", true)]
    [InlineData("2.6.1.10.1", false)]
    [InlineData("1.3.26.0.4406.0.4.1", false)]
    public void CMS_content_types_are_not_X400_content_types(string oid, bool isCms)
    {
        Assert.Equal(isCms, CmsProtection.IsCmsContentType(oid));
    }
}
