using System.Formats.Asn1;

namespace Gateway.Cms;

/// <summary>
/// Whether an encoding is already in the form DER re-encoding would give it (X.690 §10 and §11.6): definite lengths in
/// the fewest octets, strings and times primitive, the elements of every SET in ascending order. This is the form a
/// signature over signed attributes covers (RFC 5652 §5.4); a signer that sent it so needs no re-encoding to check.
/// The values themselves (a BOOLEAN's octet, an INTEGER's leading octets) are not looked at: a re-encoder keeps them too.
/// </summary>
public static class DerForm
{
    // Deeper than any attribute a signer sends; deeper still is reported as not DER, and the caller re-encodes.
    private const int MaxDepth = 32;

    public static bool IsDer(ReadOnlySpan<byte> encoding) =>
        TryElement(encoding, 0, out var consumed) && consumed == encoding.Length;

    private static bool TryElement(ReadOnlySpan<byte> encoding, int depth, out int consumed)
    {
        consumed = 0;
        if (depth > MaxDepth
            || !AsnDecoder.TryReadEncodedValue(encoding, AsnEncodingRules.DER, out var tag, out var contentOffset, out var contentLength, out var length))
        {
            return false;
        }
        if (tag.IsConstructed)
        {
            if (tag.TagClass == TagClass.Universal && MustBePrimitive((UniversalTagNumber)tag.TagValue)) return false;
            var content = encoding.Slice(contentOffset, contentLength);
            var isSet = tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.Set;
            var previous = ReadOnlySpan<byte>.Empty;
            for (var at = 0; at < content.Length;)
            {
                if (!TryElement(content[at..], depth + 1, out var childLength)) return false;
                var child = content.Slice(at, childLength);
                if (isSet && at > 0 && Compare(previous, child) > 0) return false;
                previous = child;
                at += childLength;
            }
        }
        consumed = length;
        return true;
    }

    private static bool MustBePrimitive(UniversalTagNumber tag) => tag is UniversalTagNumber.BitString or UniversalTagNumber.OctetString
        or UniversalTagNumber.UTF8String or UniversalTagNumber.NumericString or UniversalTagNumber.PrintableString
        or UniversalTagNumber.TeletexString or UniversalTagNumber.VideotexString or UniversalTagNumber.IA5String
        or UniversalTagNumber.UtcTime or UniversalTagNumber.GeneralizedTime or UniversalTagNumber.GraphicString
        or UniversalTagNumber.VisibleString or UniversalTagNumber.GeneralString or UniversalTagNumber.UniversalString
        or UniversalTagNumber.BMPString or UniversalTagNumber.ObjectDescriptor;

    /// <summary>X.690 §11.6: as octet strings, the shorter padded at its end with zero octets.</summary>
    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var common = Math.Min(a.Length, b.Length);
        var order = a[..common].SequenceCompareTo(b[..common]);
        if (order != 0) return order;
        if (a.Length > common) return a[common..].ContainsAnyExcept((byte)0) ? 1 : 0;
        if (b.Length > common) return b[common..].ContainsAnyExcept((byte)0) ? -1 : 0;
        return 0;
    }
}
