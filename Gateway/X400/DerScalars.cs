using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Numerics;

namespace Gateway.X400;

/// <summary>
/// ENUMERATED, named-bit BIT STRING and OBJECT IDENTIFIER values written as <see cref="AsnWriter"/> writes them, without
/// its costs per call: <c>WriteEnumeratedValue</c> and <c>WriteNamedBitList</c> ask by reflection whether the enum type is
/// <c>[Flags]</c> every time, and <c>WriteObjectIdentifier</c> parses the dotted text into BigIntegers for any identifier
/// it does not know by heart. Together 1.2 % of the gateway's CPU at 10 KB (every P1 envelope has several of each).
/// </summary>
internal static class DerScalars
{
    /// <summary>Beyond this many distinct identifiers (they can come from received messages) nothing more is kept.</summary>
    private const int MaxKept = 256;

    private static readonly ConcurrentDictionary<(string Oid, Asn1Tag Tag), byte[]> Identifiers = new();

    /// <summary>An ENUMERATED under an implicit tag: its contents are the value's INTEGER contents (X.690 8.4).</summary>
    public static void WriteEnumerated(AsnWriter writer, int value, Asn1Tag tag) => writer.WriteInteger(value, tag);

    /// <summary>
    /// A named-bit list (bit 0 of <paramref name="flags"/> is the first named bit), trailing zero bits dropped down to
    /// <paramref name="minimumBits"/>, the SIZE lower bound (X.690 11.2.2). AsnWriter.WriteNamedBitList drops every
    /// trailing zero, which for PerRecipientIndicators (SIZE (8..ub-bit-options)) would give fewer than the 8 bits the
    /// constraint demands.
    /// </summary>
    public static void WriteNamedBits(AsnWriter writer, int flags, Asn1Tag tag, int minimumBits = 0)
    {
        var bits = (uint)flags;
        var bitCount = Math.Max(minimumBits, 32 - BitOperations.LeadingZeroCount(bits));
        var bytes = new byte[(bitCount + 7) / 8];
        for (var bit = 0; bit < bitCount; bit++)
        {
            if ((bits & (1u << bit)) != 0) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        writer.WriteBitString(bytes, (bytes.Length * 8) - bitCount, tag);
    }

    /// <summary>An OBJECT IDENTIFIER, universal unless <paramref name="tag"/> says otherwise.</summary>
    public static void WriteObjectIdentifier(AsnWriter writer, string oid, Asn1Tag? tag = null)
    {
        var key = (oid, tag ?? Asn1Tag.ObjectIdentifier);
        if (!Identifiers.TryGetValue(key, out var encoding))
        {
            // Text that is no identifier throws here, as it always did.
            encoding = PooledAsnWriters.Encode(AsnEncodingRules.DER, w => w.WriteObjectIdentifier(oid, tag));
            if (Identifiers.Count < MaxKept) Identifiers.TryAdd(key, encoding);
        }
        writer.WriteEncodedValue(encoding);
    }
}
