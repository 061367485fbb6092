using System.Formats.Asn1;
using System.Globalization;

namespace Gateway.Cms;

/// <summary>
/// Walks the elements of one constructed value of a <see cref="BerDocument"/> with a dotted path
/// (<c>layer 1 signedData.signerInfos[0].sid</c>), so that every complaint says which field and where.
/// </summary>
internal sealed class CmsCursor
{
    public static readonly Asn1Tag Sequence = new(UniversalTagNumber.Sequence, isConstructed: true);
    public static readonly Asn1Tag Set = new(UniversalTagNumber.Set, isConstructed: true);
    public static readonly Asn1Tag Integer = new(UniversalTagNumber.Integer);
    public static readonly Asn1Tag ObjectIdentifier = new(UniversalTagNumber.ObjectIdentifier);
    public static readonly Asn1Tag OctetString = new(UniversalTagNumber.OctetString);
    public static readonly Asn1Tag GeneralizedTime = new(UniversalTagNumber.GeneralizedTime);

    // X.660 sets no bound on arcs; 255 octets holds any OID in use (a 2.25 UUID OID needs 20) and keeps the
    // BigInteger arithmetic of a pathological arc small.
    private const int MaxOidOctets = 255;

    private readonly int _end;
    private readonly CmsCursor? _parent;
    private readonly string _field;
    private string? _path;
    private int _position;

    private CmsCursor(BerDocument document, int start, int end, string path)
        : this(document, start, end, null, path)
    {
    }

    // The path is only needed when something is wrong: it is put together then, from the parent's, not for every element entered.
    private CmsCursor(BerDocument document, int start, int end, CmsCursor? parent, string field)
    {
        Document = document;
        _position = start;
        _end = end;
        _parent = parent;
        _field = field;
    }

    public BerDocument Document { get; }

    /// <summary>Where this cursor reads, for messages: <c>signedData.signerInfos[0].signedAttrs</c>.</summary>
    public string Path => _path ??= _parent is null ? _field : _parent.Qualify(_field);

    public bool HasData => _position < _end;

    public static Asn1Tag Context(int number) => new(TagClass.ContextSpecific, number, isConstructed: true);

    /// <summary>A cursor over the contents of <paramref name="element"/>, which must be a constructed <paramref name="expected"/>.</summary>
    public static CmsCursor Over(BerDocument document, BerElement element, Asn1Tag expected, string path)
    {
        if (!element.Is(expected) || !element.IsConstructed)
        {
            throw new CmsFormatException(
                CmsErrorKind.Malformed,
                $"malformed CMS: {path} at {document.Where(element.Offset)}: expected {BerDocument.Describe(expected)}, found {Found(element)}");
        }
        return new CmsCursor(document, element.ContentOffset, element.ContentOffset + element.ContentLength, path);
    }

    /// <summary>A cursor with no elements of its own, for the element-based readers (OCTET STRING segments, …).</summary>
    public static CmsCursor ForElements(BerDocument document, string path) => new(document, 0, 0, path);

    public BerElement Peek() => Document.ElementAt(_position);

    public BerElement Read(string field)
    {
        if (!HasData)
        {
            throw new CmsFormatException(CmsErrorKind.Malformed, $"malformed CMS: {Qualify(field)} at {Document.Where(_position)}: missing, {Path} ends here");
        }
        var element = Peek();
        _position = element.End;
        return element;
    }

    public BerElement Read(Asn1Tag expected, string field)
    {
        if (!HasData)
        {
            throw new CmsFormatException(
                CmsErrorKind.Malformed,
                $"malformed CMS: {Qualify(field)} at {Document.Where(_position)}: expected {BerDocument.Describe(expected)}, but {Path} ends here");
        }
        var element = Peek();
        if (!element.Is(expected))
        {
            throw Fail(element, field, $"expected {BerDocument.Describe(expected)}, found {Found(element)}");
        }
        _position = element.End;
        return element;
    }

    /// <summary>Reads the next element if its class and number are those of <paramref name="tag"/> (an OPTIONAL field).</summary>
    public bool TryRead(Asn1Tag tag, out BerElement element)
    {
        element = default;
        if (!HasData)
        {
            return false;
        }
        var next = Peek();
        if (!next.Is(tag))
        {
            return false;
        }
        element = next;
        _position = next.End;
        return true;
    }

    public void ExpectEnd()
    {
        if (HasData)
        {
            var extra = Peek();
            throw new CmsFormatException(
                CmsErrorKind.Malformed,
                $"malformed CMS: {Path} at {Document.Where(extra.Offset)}: unexpected {Found(extra)} after the last field");
        }
    }

    public CmsCursor Enter(BerElement element, string field)
    {
        if (!element.IsConstructed)
        {
            throw Fail(element, field, $"{BerDocument.Describe(element.Tag)} is primitive but must be constructed");
        }
        return new CmsCursor(Document, element.ContentOffset, element.ContentOffset + element.ContentLength, this, field);
    }

    public CmsFormatException Fail(BerElement element, string field, string problem) =>
        new(CmsErrorKind.Malformed, $"malformed CMS: {Qualify(field)} at {Document.Where(element.Offset)}: {problem}");

    public string ReadOid(string field) => OidOf(Read(ObjectIdentifier, field), field);

    public string OidOf(BerElement element, string field)
    {
        if (!element.Is(ObjectIdentifier) || element.IsConstructed)
        {
            throw Fail(element, field, $"expected OBJECT IDENTIFIER, found {Found(element)}");
        }
        if (element.ContentLength is 0 or > MaxOidOctets)
        {
            throw Fail(element, field, $"an OBJECT IDENTIFIER of {element.ContentLength.ToString(CultureInfo.InvariantCulture)} octets (1..{MaxOidOctets} accepted)");
        }
        try
        {
            return AsnDecoder.ReadObjectIdentifier(Document.Encoded(element), AsnEncodingRules.BER, out _);
        }
        catch (AsnContentException e)
        {
            throw Fail(element, field, $"not a valid OBJECT IDENTIFIER: {e.Message}");
        }
    }

    /// <summary>A CMSVersion or other small non-negative INTEGER.</summary>
    public int ReadVersion(string field)
    {
        var element = Read(Integer, field);
        if (element.IsConstructed)
        {
            throw Fail(element, field, "INTEGER is constructed but must be primitive");
        }
        bool fits;
        int value;
        try
        {
            fits = AsnDecoder.TryReadInt32(Document.Encoded(element), AsnEncodingRules.BER, out value, out _);
        }
        catch (AsnContentException e)
        {
            throw Fail(element, field, $"not a valid INTEGER: {e.Message}");
        }
        if (!fits || value < 0)
        {
            throw Fail(element, field, "a version must be a small non-negative INTEGER");
        }
        return value;
    }

    /// <summary>A serial number as printed by <c>openssl x509 -serial</c>: big-endian hex without the sign octet.</summary>
    public string SerialHex(BerElement element, string field)
    {
        if (!element.Is(Integer) || element.IsConstructed)
        {
            throw Fail(element, field, $"expected INTEGER, found {Found(element)}");
        }
        var content = Document.Content(element);
        if (content.IsEmpty)
        {
            throw Fail(element, field, "an INTEGER with no content octets (X.690 8.3.1)");
        }
        while (content.Length > 1 && content[0] == 0x00)
        {
            content = content[1..];
        }
        return Convert.ToHexString(content);
    }

    /// <summary>Reads an OCTET STRING (primitive, or constructed of OCTET STRING segments) and checks its segments.</summary>
    public BerElement ReadOctetString(string field)
    {
        var element = Read(OctetString, field);
        OctetStringLength(element, field);
        return element;
    }

    /// <summary>
    /// The octets of an OCTET STRING, or of an implicitly tagged one (<c>[0] IMPLICIT OCTET STRING</c>); a
    /// constructed one is a series of OCTET STRING segments (X.690 8.7.3). Recursion depth is bounded by the
    /// validated BER depth.
    /// </summary>
    public long OctetStringLength(BerElement element, string field)
    {
        if (!element.IsConstructed)
        {
            return element.ContentLength;
        }
        var segments = Enter(element, field);
        long total = 0;
        var index = 0;
        while (segments.HasData)
        {
            var segment = segments.Read(OctetString, $"segment[{index.ToString(CultureInfo.InvariantCulture)}]");
            total += segments.OctetStringLength(segment, $"segment[{index.ToString(CultureInfo.InvariantCulture)}]");
            index++;
        }
        return total;
    }

    /// <summary>Copies out the octets of a (possibly constructed) OCTET STRING; the caller has accounted for the size.</summary>
    public byte[] OctetStringBytes(BerElement element, string field)
    {
        var bytes = new byte[checked((int)OctetStringLength(element, field))];
        var written = CopySegments(element, bytes, 0);
        return written == bytes.Length ? bytes : throw Fail(element, field, "inconsistent OCTET STRING segments");
    }

    public string OctetStringHex(BerElement element, string field) =>
        element.IsConstructed ? Convert.ToHexString(OctetStringBytes(element, field)) : Convert.ToHexString(Document.Content(element));

    /// <summary>The first octets of a (possibly constructed) OCTET STRING, for a cheap look before reassembling it.</summary>
    public byte[] OctetStringPrefix(BerElement element, int count)
    {
        var prefix = new List<byte>(count);
        AppendPrefix(element, prefix, count);
        return [.. prefix];
    }

    public CmsAlgorithm ReadAlgorithm(string field)
    {
        var algorithm = Enter(Read(Sequence, field), field);
        var oid = algorithm.ReadOid("algorithm");
        if (algorithm.HasData)
        {
            algorithm.Read("parameters");
        }
        algorithm.ExpectEnd();
        return CmsAlgorithm.FromOid(oid);
    }

    private int CopySegments(BerElement element, byte[] destination, int offset)
    {
        if (!element.IsConstructed)
        {
            Document.Content(element).CopyTo(destination.AsSpan(offset));
            return offset + element.ContentLength;
        }
        var segments = new CmsCursor(Document, element.ContentOffset, element.ContentOffset + element.ContentLength, Path);
        while (segments.HasData)
        {
            offset = segments.CopySegments(segments.Read("segment"), destination, offset);
        }
        return offset;
    }

    private void AppendPrefix(BerElement element, List<byte> prefix, int count)
    {
        if (!element.IsConstructed)
        {
            var content = Document.Content(element);
            foreach (var octet in content[..Math.Min(content.Length, count - prefix.Count)])
            {
                prefix.Add(octet);
            }
            return;
        }
        var segments = new CmsCursor(Document, element.ContentOffset, element.ContentOffset + element.ContentLength, Path);
        while (segments.HasData && prefix.Count < count)
        {
            segments.AppendPrefix(segments.Read("segment"), prefix, count);
        }
    }

    private string Qualify(string field) => field.StartsWith('[') ? Path + field : $"{Path}.{field}";

    private static string Found(BerElement element) =>
        BerDocument.Describe(element.Tag) + (element.IsConstructed && element.Tag.TagClass == TagClass.Universal
            && element.Tag.TagValue is not ((int)UniversalTagNumber.Sequence or (int)UniversalTagNumber.Set) ? " (constructed)" : "");
}
