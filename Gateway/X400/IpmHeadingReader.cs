using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Text;

namespace Gateway.X400;

/// <summary>
/// Reads the heading of an X.420 (P22) IPM from P1 content of type 22: <c>InformationObject ::= CHOICE { ipm [0] IPM,
/// ipn [1] IPN }</c> under IMPLICIT TAGS, so an IPM is <c>A0</c> around the IPM SEQUENCE contents (Heading SET, then Body).
/// It is tolerant where senders differ (SET member order, definite or indefinite lengths, constructed strings, unknown
/// heading members, several string types for text) and bounded where input is hostile: it stops after the heading
/// without looking at the body, refuses BER nesting deeper than <see cref="MaxNestingDepth"/> and more than
/// <see cref="MaxRecipients"/> recipients, and reports every problem as an error instead of throwing.
/// </summary>
public static class IpmHeadingReader
{
    /// <summary>Deepest BER nesting accepted, counting the <c>ipm [0]</c> element as level 1 and the Heading SET as level 2.</summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Most recipients accepted, summed over primary, copy and blind-copy recipients.</summary>
    public const int MaxRecipients = 1024;

    private const AsnEncodingRules Rules = AsnEncodingRules.BER;
    private const string Context = "IPM heading";

    /// <summary>
    /// Reads the heading. Returns false with an error that says what is wrong and at which offset of
    /// <paramref name="content"/>; never throws, whatever the input.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> content, [NotNullWhen(true)] out IpmHeading? heading, [NotNullWhen(false)] out string? error)
    {
        heading = null;
        try
        {
            heading = Read(content);
            error = null;
            return true;
        }
        catch (X400DecodeException e)
        {
            error = e.Message;
        }
        // The ones below are backstops: every path is meant to end in X400DecodeException, but a decoder bug on
        // hostile input must still come back as an error, not as an exception in the gateway's receive loop.
        catch (AsnContentException e)
        {
            error = $"{Context}: malformed BER: {e.Message}";
        }
        catch (ArgumentException e)
        {
            error = $"{Context}: malformed BER: {e.Message}";
        }
        catch (OverflowException e)
        {
            error = $"{Context}: malformed BER: {e.Message}";
        }
        return false;
    }

    private readonly record struct Element(Asn1Tag Tag, int Offset, int ContentOffset, int ContentLength, int Length)
    {
        public int End => Offset + Length;

        public int ContentEnd => ContentOffset + ContentLength;

        public bool Is(TagClass tagClass, int number) => Tag.TagClass == tagClass && Tag.TagValue == number;
    }

    private static IpmHeading Read(ReadOnlyMemory<byte> content)
    {
        var data = content.Span;
        if (data.IsEmpty) throw Fail("the content is empty");
        var (tag, headerLength, contentLength) = ReadHeader(data);
        if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 1)
        {
            throw Fail("content is an IPN (receipt notification), not an IPM");
        }
        if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue != 0 || !tag.IsConstructed)
        {
            throw Fail($"expected ipm [0] (constructed, 0xA0) at offset 0, found {Describe(tag)}{(tag.IsConstructed ? "" : " primitive")}");
        }
        // Only the heading is read, so a definite length that runs past the data is tolerated here: the heading
        // itself is still checked to lie within the data, and the body is the body reader's business.
        var limit = contentLength is { } n ? (int)Math.Min((long)headerLength + n, data.Length) : data.Length;
        if (headerLength >= limit) throw Fail($"ipm [0] at offset 0 has no heading");
        var heading = ReadElement(data, headerLength, limit, "Heading");
        if (!heading.Is(TagClass.Universal, (int)UniversalTagNumber.Set) || !heading.Tag.IsConstructed)
        {
            throw Fail($"expected the Heading SET (0x31) at offset {heading.Offset}, found {Describe(heading.Tag)}");
        }
        // Checked before anything is interpreted, so that skipping unknown members cannot walk unbounded structure.
        CheckDepth(data, heading, depth: 2);
        return ReadHeading(content, heading);
    }

    private static IpmHeading ReadHeading(ReadOnlyMemory<byte> content, Element heading)
    {
        var data = content.Span;
        IpmIdentifier? thisIpm = null;
        OrDescriptor? originator = null;
        List<OrDescriptor>? primary = null, copy = null, blind = null;
        string? subject = null;
        var importance = IpmImportance.Normal;
        IpmSensitivity? sensitivity = null;
        var recipientCount = 0;
        var seen = new HashSet<(TagClass, int)>();

        foreach (var member in Children(data, heading, "Heading"))
        {
            var known = member.Tag.TagClass switch
            {
                TagClass.Application => member.Tag.TagValue == 11,
                TagClass.ContextSpecific => member.Tag.TagValue is 0 or 2 or 3 or 4 or 8 or 12 or 13,
                _ => false,
            };
            // Unknown members (authorizing-users, expiry-time, extensions, later additions) are skipped: they do not
            // change what the members read here mean.
            if (!known) continue;
            // A repeated member would leave two answers to one question, so it is an error rather than a guess.
            if (!seen.Add((member.Tag.TagClass, member.Tag.TagValue)))
            {
                throw Fail($"{Describe(member.Tag)} at offset {member.Offset} appears twice in the Heading");
            }
            switch (member.Tag.TagClass == TagClass.Application ? -1 : member.Tag.TagValue)
            {
                case -1:
                    thisIpm = ReadIpmIdentifier(content, member);
                    break;
                case 0:
                    originator = ReadDescriptor(content, member, "originator [0]");
                    break;
                case 2:
                    primary = ReadRecipients(content, member, "primary-recipients [2]", ref recipientCount);
                    break;
                case 3:
                    copy = ReadRecipients(content, member, "copy-recipients [3]", ref recipientCount);
                    break;
                case 4:
                    blind = ReadRecipients(content, member, "blind-copy-recipients [4]", ref recipientCount);
                    break;
                case 8:
                    subject = ReadSubject(data, member);
                    break;
                case 12:
                    var i = ReadEnumerated(data, member, "importance [12]");
                    importance = i is >= 0 and <= 2 ? (IpmImportance)i : throw Fail($"importance [12] at offset {member.Offset} has value {i}; X.420 defines low(0), normal(1), high(2)");
                    break;
                case 13:
                    var s = ReadEnumerated(data, member, "sensitivity [13]");
                    sensitivity = s is >= 1 and <= 3 ? (IpmSensitivity)s : throw Fail($"sensitivity [13] at offset {member.Offset} has value {s}; X.420 defines personal(1), private(2), company-confidential(3)");
                    break;
            }
        }
        if (thisIpm is null) throw Fail($"the Heading at offset {heading.Offset} has no this-IPM ([APPLICATION 11], 0x6B)");
        return new IpmHeading
        {
            ThisIpm = thisIpm,
            Originator = originator,
            PrimaryRecipients = primary ?? [],
            CopyRecipients = copy ?? [],
            BlindCopyRecipients = blind ?? [],
            Subject = subject,
            Importance = importance,
            Sensitivity = sensitivity,
        };
    }

    /// <summary>IPMIdentifier ::= [APPLICATION 11] SET { user ORName OPTIONAL, user-relative-identifier PrintableString }.</summary>
    private static IpmIdentifier ReadIpmIdentifier(ReadOnlyMemory<byte> content, Element e)
    {
        const string What = "this-IPM";
        RequireConstructed(e, What);
        OrName? user = null;
        string? identifier = null;
        foreach (var member in Children(content.Span, e, What))
        {
            if (member.Is(TagClass.Application, 0))
            {
                if (user is not null) throw Fail($"{What}: user ORName at offset {member.Offset} appears twice");
                user = ReadOrName(content, member, $"{What} user");
            }
            else if (member.Tag.TagClass == TagClass.Universal && IsTextType(member.Tag.TagValue))
            {
                if (identifier is not null) throw Fail($"{What}: user-relative-identifier at offset {member.Offset} appears twice");
                // PrintableString by the standard; other string types are accepted because the value is only an identifier.
                identifier = ReadText(content.Span, member, UniversalTagNumber.PrintableString, $"{What} user-relative-identifier");
            }
        }
        return identifier is null
            ? throw Fail($"{What} at offset {e.Offset} has no user-relative-identifier")
            : new IpmIdentifier(user, identifier);
    }

    /// <summary>[n] SEQUENCE OF RecipientSpecifier; RecipientSpecifier ::= SET { recipient [0] ORDescriptor, ... }.</summary>
    private static List<OrDescriptor> ReadRecipients(ReadOnlyMemory<byte> content, Element e, string what, ref int count)
    {
        RequireConstructed(e, what);
        var list = new List<OrDescriptor>();
        foreach (var specifier in Children(content.Span, e, what))
        {
            if (!specifier.Is(TagClass.Universal, (int)UniversalTagNumber.Set) || !specifier.Tag.IsConstructed)
            {
                throw Fail($"{what}: expected a RecipientSpecifier SET (0x31) at offset {specifier.Offset}, found {Describe(specifier.Tag)}");
            }
            if (++count > MaxRecipients) throw Fail($"{what}: more than {MaxRecipients} recipients in the heading (at offset {specifier.Offset})");
            OrDescriptor? recipient = null;
            foreach (var member in Children(content.Span, specifier, what))
            {
                // notification-requests [1], reply-requested [2] and recipient-extensions [3] are not mapped.
                if (!member.Is(TagClass.ContextSpecific, 0)) continue;
                if (recipient is not null) throw Fail($"{what}: recipient [0] at offset {member.Offset} appears twice in one RecipientSpecifier");
                recipient = ReadDescriptor(content, member, $"{what} recipient [0]");
            }
            list.Add(recipient ?? throw Fail($"{what}: the RecipientSpecifier at offset {specifier.Offset} has no recipient [0]"));
        }
        return list;
    }

    /// <summary>ORDescriptor ::= SET { formal-name ORName OPTIONAL, free-form-name [0] TeletexString OPTIONAL, telephone-number [1] PrintableString OPTIONAL }.</summary>
    private static OrDescriptor ReadDescriptor(ReadOnlyMemory<byte> content, Element e, string what)
    {
        RequireConstructed(e, what);
        OrName? formal = null;
        string? freeForm = null, telephone = null;
        var seen = new HashSet<(TagClass, int)>();
        foreach (var member in Children(content.Span, e, what))
        {
            var isFormal = member.Is(TagClass.Application, 0);
            var isFreeForm = member.Is(TagClass.ContextSpecific, 0);
            var isTelephone = member.Is(TagClass.ContextSpecific, 1);
            if (!isFormal && !isFreeForm && !isTelephone) continue;
            if (!seen.Add((member.Tag.TagClass, member.Tag.TagValue)))
            {
                throw Fail($"{what}: {Describe(member.Tag)} at offset {member.Offset} appears twice in the ORDescriptor");
            }
            if (isFormal) formal = ReadOrName(content, member, $"{what} formal-name");
            else if (isFreeForm) freeForm = ReadText(content.Span, member, UniversalTagNumber.T61String, $"{what} free-form-name");
            else telephone = ReadText(content.Span, member, UniversalTagNumber.PrintableString, $"{what} telephone-number");
        }
        return new OrDescriptor(formal, freeForm, telephone);
    }

    private static OrName ReadOrName(ReadOnlyMemory<byte> content, Element e, string what)
    {
        RequireConstructed(e, what);
        try
        {
            return MtsApduCodec.DecodeOrName(content.Slice(e.Offset, e.Length));
        }
        catch (X400DecodeException inner)
        {
            // The P1 codec counts offsets from the start of the ORName; say where that ORName is in the content.
            throw new X400DecodeException($"{Context}: {what} at offset {e.Offset} (inner offsets relative to it): {inner.Message}", inner);
        }
    }

    /// <summary>subject [8] EXPLICIT TeletexString (SubjectField); a primitive [8] is read as if implicit, which some senders do.</summary>
    private static string ReadSubject(ReadOnlySpan<byte> data, Element e)
    {
        const string What = "subject [8]";
        if (!e.Tag.IsConstructed) return ReadText(data, e, UniversalTagNumber.T61String, What);
        var children = Children(data, e, What);
        if (children.Count != 1) throw Fail($"{What} at offset {e.Offset} holds {children.Count} elements; the explicit tag wraps exactly one string");
        var text = children[0];
        if (text.Tag.TagClass != TagClass.Universal || !IsTextType(text.Tag.TagValue))
        {
            throw Fail($"{What}: expected a string at offset {text.Offset}, found {Describe(text.Tag)}");
        }
        return ReadText(data, text, UniversalTagNumber.T61String, What);
    }

    private static int ReadEnumerated(ReadOnlySpan<byte> data, Element e, string what)
    {
        if (e.Tag.IsConstructed) throw Fail($"{what} at offset {e.Offset} is constructed but an ENUMERATED is primitive");
        try
        {
            // An implicitly tagged ENUMERATED has the INTEGER contents encoding, so the INTEGER reader applies.
            return AsnDecoder.TryReadInt32(data[e.Offset..e.End], Rules, out var value, out _, e.Tag)
                ? value
                : throw Fail($"{what} at offset {e.Offset} does not fit in 32 bits");
        }
        catch (AsnContentException ex)
        {
            throw Fail($"{what} at offset {e.Offset} is malformed: {ex.Message}");
        }
    }

    private static bool IsTextType(int universalTag) => universalTag is
        (int)UniversalTagNumber.UTF8String or (int)UniversalTagNumber.NumericString or (int)UniversalTagNumber.PrintableString
        or (int)UniversalTagNumber.T61String or (int)UniversalTagNumber.IA5String or (int)UniversalTagNumber.GraphicString
        or (int)UniversalTagNumber.VisibleString or (int)UniversalTagNumber.GeneralString or (int)UniversalTagNumber.UniversalString
        or (int)UniversalTagNumber.BMPString;

    /// <summary>
    /// Text of a string element. A universal tag names its own type; an implicitly tagged one has
    /// <paramref name="declared"/>. TeletexString is taken as Latin-1: that is right for the ASCII-compatible bytes
    /// real senders use, while T.61's non-spacing diacritics (0xC1-0xCF) are not composed.
    /// </summary>
    private static string ReadText(ReadOnlySpan<byte> data, Element e, UniversalTagNumber declared, string what)
    {
        var type = e.Tag.TagClass == TagClass.Universal ? (UniversalTagNumber)e.Tag.TagValue : declared;
        var bytes = new byte[e.ContentLength];
        int written;
        try
        {
            // Handles primitive and BER constructed (segmented) strings alike, without checking the repertoire.
            if (!AsnDecoder.TryReadCharacterStringBytes(data[e.Offset..e.End], bytes, Rules, e.Tag, out _, out written))
            {
                throw Fail($"{what} at offset {e.Offset} is longer than its encoding");
            }
        }
        catch (AsnContentException ex)
        {
            throw Fail($"{what} at offset {e.Offset} is malformed: {ex.Message}");
        }
        var raw = bytes.AsSpan(0, written);
        switch (type)
        {
            case UniversalTagNumber.UTF8String:
                return Encoding.UTF8.GetString(raw);
            case UniversalTagNumber.BMPString:
                if (raw.Length % 2 != 0) throw Fail($"{what} at offset {e.Offset} is a BMPString of odd length {raw.Length}");
                return Encoding.BigEndianUnicode.GetString(raw);
            case UniversalTagNumber.UniversalString:
                if (raw.Length % 4 != 0) throw Fail($"{what} at offset {e.Offset} is a UniversalString whose length {raw.Length} is not a multiple of 4");
                return new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(raw);
            default:
                // Printable, IA5, Visible, Numeric: ASCII, which Latin-1 decodes unchanged; Teletex as described above.
                return Encoding.Latin1.GetString(raw);
        }
    }

    private static void RequireConstructed(Element e, string what)
    {
        if (!e.Tag.IsConstructed) throw Fail($"{what} at offset {e.Offset} is primitive but must be constructed");
    }

    private static void CheckDepth(ReadOnlySpan<byte> data, Element e, int depth)
    {
        if (depth > MaxNestingDepth) throw Fail($"BER nesting deeper than {MaxNestingDepth} levels at offset {e.Offset}");
        if (!e.Tag.IsConstructed) return;
        // Recursion is bounded by the check above, so the stack stays small whatever the input.
        for (var p = e.ContentOffset; p < e.ContentEnd;)
        {
            var child = ReadElement(data, p, e.ContentEnd, "Heading");
            CheckDepth(data, child, depth + 1);
            p = child.End;
        }
    }

    private static List<Element> Children(ReadOnlySpan<byte> data, Element parent, string what)
    {
        var list = new List<Element>();
        for (var p = parent.ContentOffset; p < parent.ContentEnd;)
        {
            var child = ReadElement(data, p, parent.ContentEnd, what);
            list.Add(child);
            p = child.End;
        }
        return list;
    }

    private static Element ReadElement(ReadOnlySpan<byte> data, int offset, int limit, string what)
    {
        try
        {
            var source = data[offset..limit];
            var tag = Asn1Tag.Decode(source, out _);
            AsnDecoder.ReadEncodedValue(source, Rules, out var contentOffset, out var contentLength, out var consumed);
            return new Element(tag, offset, offset + contentOffset, contentLength, consumed);
        }
        catch (AsnContentException ex)
        {
            var where = limit == data.Length ? "the input" : "the enclosing element";
            throw Fail($"{what}: malformed or truncated element at offset {offset} (within {where}, which ends at offset {limit}): {ex.Message}");
        }
    }

    /// <summary>
    /// Tag and length of the outermost element, read by hand: AsnDecoder would insist on finding the end of the whole
    /// IPM, body included, and the reader is meant to stop after the heading.
    /// </summary>
    private static (Asn1Tag Tag, int HeaderLength, long? ContentLength) ReadHeader(ReadOnlySpan<byte> data)
    {
        Asn1Tag tag;
        int tagLength;
        try
        {
            tag = Asn1Tag.Decode(data, out tagLength);
        }
        catch (AsnContentException ex)
        {
            throw Fail($"malformed tag at offset 0: {ex.Message}");
        }
        if (tagLength >= data.Length) throw Fail($"the content ends after the tag at offset 0; no length follows");
        var first = data[tagLength];
        if (first < 0x80) return (tag, tagLength + 1, first);
        if (first == 0x80)
        {
            if (!tag.IsConstructed) throw Fail("indefinite length on a primitive element at offset 0");
            return (tag, tagLength + 1, null);
        }
        var count = first & 0x7F;
        if (count > 4 || first == 0xFF) throw Fail($"length of the element at offset 0 uses {count} octets; at most 4 are accepted");
        if (tagLength + 1 + count > data.Length) throw Fail("the content ends inside the length of the element at offset 0");
        long length = 0;
        for (var i = 0; i < count; i++) length = (length << 8) | data[tagLength + 1 + i];
        return (tag, tagLength + 1 + count, length);
    }

    private static string Describe(Asn1Tag tag) => BerCursor.Describe(tag);

    private static X400DecodeException Fail(string message) => new($"{Context}: {message}");
}
