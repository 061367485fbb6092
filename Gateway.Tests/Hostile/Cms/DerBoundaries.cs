namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// Where an encoding can be cut at a structural boundary: before each element and just after each constructed element's
/// header, named by the element's path (child indexes from the outermost element, e.g. "0.1.0").
/// </summary>
internal static class DerBoundaries
{
    public static IEnumerable<(string Where, int Offset)> Of(byte[] der) => Walk(der, 0, der.Length, "0");

    private static IEnumerable<(string Where, int Offset)> Walk(byte[] der, int start, int end, string path)
    {
        var offset = start;
        for (var index = 0; offset < end; index++)
        {
            var here = path.Length == 1 && start == 0 ? path : $"{path}.{index}";
            var (headerLength, contentLength) = Header(der, offset);
            if (offset > 0) yield return ($"before {here}", offset);
            if ((der[offset] & 0x20) != 0)
            {
                yield return ($"after the header of {here}", offset + headerLength);
                foreach (var inner in Walk(der, offset + headerLength, offset + headerLength + contentLength, here)) yield return inner;
            }
            offset += headerLength + contentLength;
        }
    }

    private static (int HeaderLength, int ContentLength) Header(byte[] der, int offset)
    {
        var first = der[offset + 1];
        if (first < 0x80) return (2, first);
        var count = first & 0x7F;
        var length = 0;
        for (var i = 0; i < count; i++) length = (length << 8) | der[offset + 2 + i];
        return (2 + count, length);
    }
}
