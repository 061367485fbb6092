using FsCheck;
using FsCheck.Fluent;

namespace Gateway.Tests.Cms;

/// <summary>
/// Generators of well-formed BER with the tags CMS uses: definite and indefinite lengths, constructed and primitive,
/// universal and context-specific. Random structure reaches the layer readers far more often than random bytes do.
/// </summary>
internal static class BerTrees
{
    private static readonly byte[] PrimitiveTags = [0x02, 0x04, 0x05, 0x06, 0x0C, 0x13, 0x17, 0x80, 0x81, 0x82];
    private static readonly byte[] ConstructedTags = [0x30, 0x30, 0x30, 0x31, 0x31, 0x24, 0xA0, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4];

    // Contents that the readers look for: small versions, CMS and algorithm OIDs.
    private static readonly byte[][] UsefulContents =
    [
        [0x00], [0x01], [0x02], [0x03], [0x04], [0x05],
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01],
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02],
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03],
        [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01],
        [0x55, 0x04, 0x03],
    ];

    public static Gen<byte[]> Element(int size) =>
        size <= 1
            ? Primitive()
            : Gen.Frequency((3, Primitive()), (2, Constructed(size)));

    private static Gen<byte[]> Primitive() =>
        from tag in Gen.Elements(PrimitiveTags)
        from content in Gen.Frequency(
            (2, Gen.Elements(UsefulContents)),
            (1, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())))
        select Encode(tag, content, indefinite: false);

    private static Gen<byte[]> Constructed(int size) =>
        from tag in Gen.Elements(ConstructedTags)
        from count in Gen.Choose(0, 4)
        from children in Gen.ArrayOf(Element(size / 2), count)
        from indefinite in ArbMap.Default.GeneratorFor<bool>()
        select Encode(tag, [.. children.SelectMany(c => c)], indefinite);

    private static byte[] Encode(byte tag, byte[] content, bool indefinite)
    {
        if (indefinite)
        {
            return [tag, 0x80, .. content, 0x00, 0x00];
        }
        byte[] length = content.Length switch
        {
            < 0x80 => [(byte)content.Length],
            < 0x100 => [0x81, (byte)content.Length],
            _ => [0x82, (byte)(content.Length >> 8), (byte)content.Length],
        };
        return [tag, .. length, .. content];
    }
}
