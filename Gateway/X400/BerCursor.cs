using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Gateway.X400;

/// <summary>
/// A position-tracking BER reader over one input buffer. It drives the static <see cref="AsnDecoder"/> API
/// rather than <see cref="AsnReader"/> because AsnReader does not reveal where it is, and every
/// <see cref="X400DecodeException"/> must say at which offset of the input the problem lies.
/// </summary>
internal sealed class BerCursor
{
    private const AsnEncodingRules Rules = AsnEncodingRules.BER;
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _end;
    private int _position;

    private delegate T SpanReader<T>(ReadOnlySpan<byte> source, out int bytesConsumed);

    private BerCursor(ReadOnlyMemory<byte> buffer, int start, int end)
    {
        _buffer = buffer;
        _position = start;
        _end = end;
    }

    public static BerCursor Over(ReadOnlyMemory<byte> buffer) => new(buffer, 0, buffer.Length);

    public bool HasData => _position < _end;

    public int Offset => _position;

    public int RemainingLength => _end - _position;

    private ReadOnlySpan<byte> Rest => _buffer.Span[_position.._end];

    public Asn1Tag PeekTag(string context)
    {
        try
        {
            return Asn1Tag.Decode(Rest, out _);
        }
        catch (AsnContentException e)
        {
            throw new X400DecodeException($"{context}: malformed tag at offset {_position}: {e.Message}", e);
        }
    }

    /// <summary>Whether the next element has this tag class and number; the constructed bit is checked by the read.</summary>
    public bool IsNext(Asn1Tag tag, string context) => HasData && PeekTag(context).HasSameClassAndValue(tag);

    public void Expect(Asn1Tag tag, string context, string name)
    {
        if (!HasData)
        {
            var where = _end == _buffer.Length ? "end of input" : "end of the enclosing element";
            throw new X400DecodeException($"{context}: expected {Describe(tag)} {name} at offset {_position}, found {where}");
        }
        var actual = PeekTag(context);
        if (!actual.HasSameClassAndValue(tag))
        {
            throw new X400DecodeException($"{context}: expected {Describe(tag)} {name} at offset {_position}, found {Describe(actual)}");
        }
    }

    public void ExpectEnd(string context, string after)
    {
        if (HasData)
        {
            throw new X400DecodeException($"{context}: unexpected {Describe(PeekTag(context))} at offset {_position} after {after}");
        }
    }

    /// <summary>Reads a constructed element (SEQUENCE, SET, or an implicitly or explicitly tagged one) and returns a cursor over its contents.</summary>
    public BerCursor ReadConstructed(Asn1Tag tag, string context, string name)
    {
        Expect(tag, context, name);
        var at = _position;
        if (!PeekTag(context).IsConstructed)
        {
            throw new X400DecodeException($"{context}: {name} at offset {at} is primitive but must be constructed");
        }
        int contentOffset, contentLength, consumed;
        try
        {
            if (tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.SetOf)
            {
                // BER leaves SET member order free; only DER/CER would check it.
                AsnDecoder.ReadSetOf(Rest, Rules, out contentOffset, out contentLength, out consumed, skipSortOrderValidation: true, expectedTag: tag);
            }
            else
            {
                AsnDecoder.ReadSequence(Rest, Rules, out contentOffset, out contentLength, out consumed, tag);
            }
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
        _position += consumed;
        return new BerCursor(_buffer, at + contentOffset, at + contentOffset + contentLength);
    }

    public string ReadString(UniversalTagNumber type, Asn1Tag tag, string context, string name) =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadCharacterString(s, Rules, type, out n, tag));

    /// <summary>The untagged CHOICE { numeric NumericString, printable PrintableString } used for domain names.</summary>
    public string ReadNumericOrPrintable(string context, string name)
    {
        var numeric = new Asn1Tag(UniversalTagNumber.NumericString);
        var printable = new Asn1Tag(UniversalTagNumber.PrintableString);
        if (IsNext(numeric, context)) return ReadString(UniversalTagNumber.NumericString, numeric, context, name);
        if (IsNext(printable, context)) return ReadString(UniversalTagNumber.PrintableString, printable, context, name);
        var found = HasData ? Describe(PeekTag(context)) : "end of the enclosing element";
        throw new X400DecodeException($"{context}: expected {name} as NumericString or PrintableString at offset {_position}, found {found}");
    }

    public int ReadInt32(Asn1Tag tag, string context, string name)
    {
        Expect(tag, context, name);
        var at = _position;
        bool fits;
        int value, consumed;
        try
        {
            fits = AsnDecoder.TryReadInt32(Rest, Rules, out value, out consumed, tag);
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
        if (!fits) throw new X400DecodeException($"{context}: {name} at offset {at} does not fit in 32 bits");
        _position += consumed;
        return value;
    }

    public TEnum ReadEnumerated<TEnum>(Asn1Tag tag, string context, string name)
        where TEnum : Enum =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadEnumeratedValue<TEnum>(s, Rules, out n, tag));

    public TFlags ReadNamedBits<TFlags>(Asn1Tag tag, string context, string name)
        where TFlags : Enum =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadNamedBitListValue<TFlags>(s, Rules, out n, tag));

    public DateTimeOffset ReadUtcTime(Asn1Tag tag, string context, string name) =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadUtcTime(s, Rules, out n, expectedTag: tag));

    public string ReadObjectIdentifier(Asn1Tag tag, string context, string name) =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadObjectIdentifier(s, Rules, out n, tag));

    /// <summary>
    /// A primitive OCTET STRING's content where it lies (no copy: a message's content can be hundreds of megabytes, in a
    /// mapped file); a constructed one is reassembled.
    /// </summary>
    public ReadOnlyMemory<byte> ReadOctetStringInPlace(Asn1Tag tag, string context, string name)
    {
        Expect(tag, context, name);
        if (PeekTag(context).IsConstructed) return ReadOctetString(tag, context, name);
        var at = _position;
        try
        {
            AsnDecoder.ReadEncodedValue(Rest, Rules, out var contentOffset, out var contentLength, out var consumed);
            var content = _buffer.Slice(at + contentOffset, contentLength);
            _position += consumed;
            return content;
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
    }

    public byte[] ReadOctetString(Asn1Tag tag, string context, string name) =>
        Read(tag, context, name, (ReadOnlySpan<byte> s, out int n) => AsnDecoder.ReadOctetString(s, Rules, out n, tag));

    /// <summary>
    /// A RELATIVE-OID as dotted text. System.Formats.Asn1 has no reader for it, so the arcs are decoded here;
    /// they use the same base-128 sub-identifiers as an OBJECT IDENTIFIER, minus the first-two-arcs packing.
    /// </summary>
    public string ReadRelativeObjectIdentifier(string context, string name)
    {
        var tag = new Asn1Tag(UniversalTagNumber.RelativeObjectIdentifier);
        Expect(tag, context, name);
        var at = _position;
        if (PeekTag(context).IsConstructed) throw new X400DecodeException($"{context}: {name} at offset {at} is constructed but a RELATIVE-OID is primitive");
        int contentOffset, contentLength, consumed;
        try
        {
            AsnDecoder.ReadEncodedValue(Rest, Rules, out contentOffset, out contentLength, out consumed);
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
        var contents = Rest.Slice(contentOffset, contentLength);
        var text = new StringBuilder();
        var arc = BigInteger.Zero;
        var arcStart = true;
        for (var i = 0; i < contents.Length; i++)
        {
            var b = contents[i];
            if (arcStart && b == 0x80) throw new X400DecodeException($"{context}: {name} at offset {at} has a sub-identifier with a leading 0x80 octet (X.690 8.20.2)");
            arc = (arc << 7) | (b & 0x7F);
            arcStart = (b & 0x80) == 0;
            if (arcStart)
            {
                if (text.Length > 0) text.Append('.');
                text.Append(arc.ToString(CultureInfo.InvariantCulture));
                arc = BigInteger.Zero;
            }
        }
        if (contents.Length == 0 || !arcStart) throw new X400DecodeException($"{context}: {name} at offset {at} is empty or ends inside a sub-identifier");
        _position += consumed;
        return text.ToString();
    }

    /// <summary>The complete encoding (tag, length, contents) of the next element, copied, for values kept verbatim.</summary>
    public byte[] ReadRaw(string context, string name)
    {
        if (!HasData) throw new X400DecodeException($"{context}: expected {name} at offset {_position}, found the end of the enclosing element");
        var at = _position;
        try
        {
            AsnDecoder.ReadEncodedValue(Rest, Rules, out _, out _, out var consumed);
            _position += consumed;
            return _buffer.Span.Slice(at, consumed).ToArray();
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
    }

    public void Skip(string context, string name)
    {
        var at = _position;
        try
        {
            AsnDecoder.ReadEncodedValue(Rest, Rules, out _, out _, out var consumed);
            _position += consumed;
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
    }

    /// <summary>Formats a tag as X.680 writes it: <c>[UNIVERSAL 16]</c>, <c>[APPLICATION 0]</c>, <c>[0]</c>, <c>[PRIVATE 1]</c>.</summary>
    public static string Describe(Asn1Tag tag) => tag.TagClass switch
    {
        TagClass.Universal => $"[UNIVERSAL {tag.TagValue}]",
        TagClass.Application => $"[APPLICATION {tag.TagValue}]",
        TagClass.ContextSpecific => $"[{tag.TagValue}]",
        _ => $"[PRIVATE {tag.TagValue}]",
    };

    private T Read<T>(Asn1Tag tag, string context, string name, SpanReader<T> read)
    {
        Expect(tag, context, name);
        var at = _position;
        try
        {
            var value = read(Rest, out var consumed);
            _position += consumed;
            return value;
        }
        catch (AsnContentException e)
        {
            throw Malformed(context, name, at, e);
        }
    }

    private static X400DecodeException Malformed(string context, string name, int at, AsnContentException e) =>
        new($"{context}: malformed {name} at offset {at}: {e.Message}", e);
}
