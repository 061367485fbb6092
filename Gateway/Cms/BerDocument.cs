using System.Formats.Asn1;
using System.Globalization;

namespace Gateway.Cms;

/// <summary>
/// One BER encoding (the inspected input, or a nested layer's eContent) whose every TLV was checked once, up front
/// and without recursion: tags, lengths against what is present, end-of-contents pairing, nesting depth, nothing
/// after the root. The CMS readers then walk it knowing that no header can run out of bounds, and every problem they
/// find can be placed at an offset of the input.
/// </summary>
internal sealed class BerDocument
{
    private BerDocument(ReadOnlyMemory<byte> data, int baseOffset, string? origin)
    {
        Data = data;
        BaseOffset = baseOffset;
        Origin = origin;
    }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Where <see cref="Data"/> starts in <see cref="Origin"/> (the inspected input when that is null).</summary>
    public int BaseOffset { get; }

    /// <summary>Null for the input and for eContent read in place; a description of the buffer when it was reassembled.</summary>
    public string? Origin { get; }

    public BerElement Root => ElementAt(0);

    public string Where(int offset)
    {
        var absolute = (BaseOffset + (long)offset).ToString(CultureInfo.InvariantCulture);
        return Origin is null ? $"offset {absolute}" : $"offset {absolute} of {Origin}";
    }

    /// <param name="whatItIs">Names the root in the trailing-bytes message: "CMS ContentInfo", …</param>
    public static BerDocument Scan(ReadOnlyMemory<byte> data, int maxDepth, int baseOffset, string? origin, string whatItIs)
    {
        var document = new BerDocument(data, baseOffset, origin);
        document.Validate(maxDepth, whatItIs);
        return document;
    }

    /// <summary>The element whose identifier octet is at <paramref name="offset"/>; only for offsets the readers reached.</summary>
    public BerElement ElementAt(int offset)
    {
        var span = Data.Span;
        var header = ReadHeader(span, offset, span.Length, -1);
        var contentLength = header.Length < 0 ? IndefiniteContentLength(span, header.ContentOffset) : (int)header.Length;
        var end = header.ContentOffset + contentLength + (header.Length < 0 ? 2 : 0);
        return new BerElement(offset, header.Tag, header.ContentOffset, contentLength, end);
    }

    public ReadOnlySpan<byte> Content(BerElement element) => Data.Span.Slice(element.ContentOffset, element.ContentLength);

    public ReadOnlySpan<byte> Encoded(BerElement element) => Data.Span[element.Offset..element.End];

    public static string Describe(Asn1Tag tag)
    {
        var value = tag.TagValue.ToString(CultureInfo.InvariantCulture);
        return tag.TagClass switch
        {
            TagClass.Universal => (UniversalTagNumber)tag.TagValue switch
            {
                UniversalTagNumber.Boolean => "BOOLEAN",
                UniversalTagNumber.Integer => "INTEGER",
                UniversalTagNumber.BitString => "BIT STRING",
                UniversalTagNumber.OctetString => "OCTET STRING",
                UniversalTagNumber.Null => "NULL",
                UniversalTagNumber.ObjectIdentifier => "OBJECT IDENTIFIER",
                UniversalTagNumber.UTF8String => "UTF8String",
                UniversalTagNumber.Sequence => "SEQUENCE",
                UniversalTagNumber.Set => "SET",
                UniversalTagNumber.PrintableString => "PrintableString",
                UniversalTagNumber.IA5String => "IA5String",
                UniversalTagNumber.UtcTime => "UTCTime",
                UniversalTagNumber.GeneralizedTime => "GeneralizedTime",
                _ => $"[UNIVERSAL {value}]",
            },
            TagClass.Application => $"[APPLICATION {value}]",
            TagClass.ContextSpecific => $"[{value}]",
            _ => $"[PRIVATE {value}]",
        };
    }

    /// <summary>Names the first identifier octet of a buffer without trusting anything after it.</summary>
    public static string DescribeFirstOctet(byte identifier)
    {
        var number = identifier & 0x1F;
        var tagClass = (TagClass)(identifier & 0xC0);
        if (number == 0x1F)
        {
            return $"a {tagClass} tag in long form (0x{identifier:X2})";
        }
        return $"{Describe(new Asn1Tag(tagClass, number, (identifier & 0x20) != 0))} (0x{identifier:X2})";
    }

    private readonly record struct Header(Asn1Tag Tag, int ContentOffset, long Length);

    /// <param name="Limit">Where the contents must end: the nearest definite-length ancestor's end, or the buffer's.</param>
    /// <param name="LimitOwner">That ancestor's offset, or -1 for the end of the buffer.</param>
    private readonly record struct Frame(int Offset, bool Indefinite, int End, int Limit, int LimitOwner);

    private void Validate(int maxDepth, string whatItIs)
    {
        var span = Data.Span;
        if (span.IsEmpty)
        {
            throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the {whatItIs} at {Where(0)} is empty");
        }

        // An explicit stack, never recursion: a blob of nested constructed tags must fail on the depth limit,
        // not on the thread's stack.
        var stack = new Stack<Frame>();
        var position = 0;
        while (true)
        {
            while (stack.Count > 0 && !stack.Peek().Indefinite && stack.Peek().End == position)
            {
                stack.Pop();
            }
            if (stack.Count == 0 && position > 0)
            {
                break;
            }

            var limit = stack.Count == 0 ? span.Length : stack.Peek().Limit;
            var limitOwner = stack.Count == 0 ? -1 : stack.Peek().LimitOwner;
            if (position >= limit)
            {
                // Only an indefinite-length element gets here: definite ones were closed above.
                var open = stack.Peek();
                throw limitOwner < 0
                    ? new CmsFormatException(CmsErrorKind.Truncated, $"truncated: end-of-contents missing for the element at {Where(open.Offset)}")
                    : new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the indefinite-length element at {Where(open.Offset)} has no end-of-contents inside the element at {Where(limitOwner)}");
            }

            if (span[position] == 0x00 && stack.Count > 0 && stack.Peek().Indefinite)
            {
                if (position + 1 >= limit)
                {
                    throw CutOff(position, limitOwner, "end-of-contents");
                }
                if (span[position + 1] != 0x00)
                {
                    throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: end-of-contents at {Where(position)} has a non-zero length octet");
                }
                stack.Pop();
                position += 2;
                continue;
            }

            var header = ReadHeader(span, position, limit, limitOwner);
            if (header.Tag.TagClass == TagClass.Universal && header.Tag.TagValue == 0)
            {
                throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: end-of-contents at {Where(position)} outside an indefinite-length element");
            }
            if (!header.Tag.IsConstructed)
            {
                position = header.ContentOffset + (int)header.Length;
                if (stack.Count == 0)
                {
                    break;
                }
                continue;
            }
            if (stack.Count >= maxDepth)
            {
                throw new CmsFormatException(CmsErrorKind.BerTooDeep, $"BER nesting deeper than {maxDepth} at {Where(position)}");
            }
            stack.Push(header.Length < 0
                ? new Frame(position, Indefinite: true, End: -1, limit, limitOwner)
                : new Frame(position, Indefinite: false, End: header.ContentOffset + (int)header.Length, header.ContentOffset + (int)header.Length, position));
            position = header.ContentOffset;
        }

        if (position < span.Length)
        {
            var count = span.Length - position;
            throw new CmsFormatException(
                CmsErrorKind.TrailingData,
                $"bytes follow the {whatItIs}: {count.ToString(CultureInfo.InvariantCulture)} octet{(count == 1 ? "" : "s")} at {Where(position)}");
        }
    }

    /// <summary>Reads one identifier and length; throws unless the contents fit before <paramref name="limit"/>.</summary>
    private Header ReadHeader(ReadOnlySpan<byte> span, int offset, int limit, int limitOwner)
    {
        var position = offset;
        var identifier = span[position++];
        var tagClass = (TagClass)(identifier & 0xC0);
        var constructed = (identifier & 0x20) != 0;
        var number = identifier & 0x1F;
        if (number == 0x1F)
        {
            number = 0;
            while (true)
            {
                if (position >= limit)
                {
                    throw CutOff(offset, limitOwner, "tag");
                }
                var octet = span[position++];
                if (number == 0 && octet == 0x80)
                {
                    throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the tag at {Where(offset)} has a leading 0x80 octet (X.690 8.1.2.4.2)");
                }
                if (number > int.MaxValue >> 7)
                {
                    throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the tag number at {Where(offset)} does not fit in 31 bits");
                }
                number = (number << 7) | (octet & 0x7F);
                if ((octet & 0x80) == 0)
                {
                    break;
                }
            }
            if (number < 0x1F)
            {
                throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the tag at {Where(offset)} uses the long form for number {number.ToString(CultureInfo.InvariantCulture)} (X.690 8.1.2.2)");
            }
        }

        if (position >= limit)
        {
            throw CutOff(offset, limitOwner, "length");
        }
        var first = span[position++];
        long length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            if (!constructed)
            {
                throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the primitive element at {Where(offset)} has an indefinite length (X.690 8.1.3.2)");
            }
            length = -1;
        }
        else if (first == 0xFF)
        {
            throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the length at {Where(offset)} uses the reserved octet 0xFF (X.690 8.1.3.5)");
        }
        else
        {
            var count = first & 0x7F;
            if (count > limit - position)
            {
                throw CutOff(offset, limitOwner, "length");
            }
            length = 0;
            for (var i = 0; i < count; i++)
            {
                // BER allows leading zero octets; a value beyond 2^55 cannot be present anyway, so it saturates.
                length = length > long.MaxValue >> 8 ? long.MaxValue : (length << 8) | span[position++];
            }
        }

        if (length > limit - position)
        {
            var present = (limit - position).ToString(CultureInfo.InvariantCulture);
            var declared = length.ToString(CultureInfo.InvariantCulture);
            throw limitOwner < 0
                ? new CmsFormatException(CmsErrorKind.Truncated, $"truncated: declared {declared} octets, {present} present at {Where(offset)}")
                : new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the element at {Where(offset)} declares {declared} octets, but only {present} remain in the element at {Where(limitOwner)}");
        }
        return new Header(new Asn1Tag(tagClass, number, constructed), position, length);
    }

    private CmsFormatException CutOff(int offset, int limitOwner, string part) =>
        limitOwner < 0
            ? new CmsFormatException(CmsErrorKind.Truncated, $"truncated: the {part} of the element at {Where(offset)} is cut off")
            : new CmsFormatException(CmsErrorKind.Malformed, $"malformed BER: the {part} of the element at {Where(offset)} runs past the end of the element at {Where(limitOwner)}");

    /// <summary>
    /// Finds the end-of-contents of an indefinite-length element in validated data. Computed when asked rather than
    /// stored by <see cref="Validate"/>: a table of every indefinite element could be larger than the input itself,
    /// and the readers only ever ask for the few elements on their path.
    /// </summary>
    private int IndefiniteContentLength(ReadOnlySpan<byte> span, int contentOffset)
    {
        var depth = 0;
        var position = contentOffset;
        while (true)
        {
            if (span[position] == 0x00)
            {
                // Validation refused universal tag 0 anywhere else, so this is an end-of-contents.
                if (depth == 0)
                {
                    return position - contentOffset;
                }
                depth--;
                position += 2;
                continue;
            }
            var header = ReadHeader(span, position, span.Length, -1);
            if (header.Length < 0)
            {
                depth++;
                position = header.ContentOffset;
            }
            else
            {
                position = header.ContentOffset + (int)header.Length;
            }
        }
    }
}
