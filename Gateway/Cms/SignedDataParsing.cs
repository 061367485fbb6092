using System.Runtime.InteropServices;
using Org.BouncyCastle.Cms;

namespace Gateway.Cms;

/// <summary>BouncyCastle's SignedData read from the octets where they lie: its byte[] constructor would want a copy of them.</summary>
public static class SignedDataParsing
{
    public static CmsSignedData Parse(ReadOnlyMemory<byte> contentInfo) =>
        MemoryMarshal.TryGetArray(contentInfo, out var segment)
            ? new CmsSignedData(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false))
            : new CmsSignedData(contentInfo.ToArray());
}
