using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// X.411 content-correlator (standard-extension 23): <c>ContentCorrelator ::= CHOICE { ia5text IA5String, octets OCTET
/// STRING }</c>, an originator's handle that comes back in reports. Exactly one of <see cref="Ia5Text"/> and
/// <see cref="Octets"/> is set. It lives in an extension list, which stays the source of truth; this type reads it from
/// there and writes it back.
/// </summary>
public sealed record ContentCorrelator
{
    private readonly byte[]? _octets;

    private ContentCorrelator(string? text, byte[]? octets) => (Ia5Text, _octets) = (text, octets);

    public string? Ia5Text { get; }

    public ReadOnlyMemory<byte>? Octets => _octets is null ? (ReadOnlyMemory<byte>?)null : _octets;

    /// <exception cref="ArgumentException">A character is outside IA5 (above U+007F).</exception>
    public static ContentCorrelator FromIa5Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = X411.CheckIa5("content-correlator", text, 0, int.MaxValue);
        return error is null ? new(text, null) : throw new ArgumentException(error, nameof(text));
    }

    public static ContentCorrelator FromOctets(ReadOnlySpan<byte> octets) => new(null, octets.ToArray());

    /// <summary>The DER of the CHOICE: the value to put inside the extension's [2].</summary>
    public BerValue ToValue()
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        if (Ia5Text is { } text) w.WriteCharacterString(UniversalTagNumber.IA5String, text);
        else w.WriteOctetString(_octets);
        return BerValue.FromDecoded(w.Encode());
    }

    public P1Extension ToExtension(Criticality criticality = Criticality.None) =>
        P1Extension.Standard(StandardExtensions.ContentCorrelator, criticality, ToValue());

    /// <summary>Reads the CHOICE from an extension value in any BER (constructed strings included).</summary>
    /// <exception cref="X400DecodeException">The value is absent, or neither an IA5String nor an OCTET STRING.</exception>
    public static ContentCorrelator Decode(BerValue? value) =>
        TryDecode(value, out var correlator, out var error) ? correlator : throw new X400DecodeException($"content-correlator: {error}");

    /// <summary>
    /// The content-correlator in an extension list, or null when there is none. An envelope the codec decoded or encoded
    /// always holds a readable one; a hand-built list with an unreadable value also gives null.
    /// </summary>
    public static ContentCorrelator? FromExtensions(IEnumerable<P1Extension> extensions) =>
        P1Extension.Find(extensions, P1ExtensionType.Standard(StandardExtensions.ContentCorrelator)) is { } extension
        && TryDecode(extension.Value, out var correlator, out _)
            ? correlator
            : null;

    /// <summary>The list with its content-correlator replaced by this one (or removed, for null), other extensions unchanged.</summary>
    public static IReadOnlyList<P1Extension> Replace(IEnumerable<P1Extension> extensions, ContentCorrelator? correlator, Criticality criticality = Criticality.None)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        var type = P1ExtensionType.Standard(StandardExtensions.ContentCorrelator);
        var list = extensions.Where(e => e.Type != type).ToList();
        if (correlator is not null) list.Add(correlator.ToExtension(criticality));
        return list;
    }

    internal static bool TryDecode(BerValue? value, [NotNullWhen(true)] out ContentCorrelator? correlator,
        [NotNullWhen(false)] out string? error)
    {
        correlator = null;
        if (value is null)
        {
            error = "the value is missing (NULL); it must be an IA5String or an OCTET STRING";
            return false;
        }
        var tag = value.Tag;
        try
        {
            if (tag.HasSameClassAndValue(new Asn1Tag(UniversalTagNumber.IA5String)))
            {
                correlator = new(AsnDecoder.ReadCharacterString(value.Encoding.Span, AsnEncodingRules.BER, UniversalTagNumber.IA5String, out _), null);
            }
            else if (tag.HasSameClassAndValue(Asn1Tag.PrimitiveOctetString))
            {
                correlator = new(null, AsnDecoder.ReadOctetString(value.Encoding.Span, AsnEncodingRules.BER, out _));
            }
            else
            {
                error = $"the value is {BerCursor.Describe(tag)}, neither ia5text (IA5String) nor octets (OCTET STRING)";
                return false;
            }
        }
        catch (AsnContentException e)
        {
            error = $"malformed value: {e.Message}";
            return false;
        }
        error = null;
        return true;
    }

    public bool Equals(ContentCorrelator? other) =>
        other is not null && Ia5Text == other.Ia5Text
        && (_octets is null ? other._octets is null : other._octets is not null && _octets.AsSpan().SequenceEqual(other._octets));

    public override int GetHashCode() => HashCode.Combine(Ia5Text, _octets?.Length);

    /// <summary>The text, or the octets in hexadecimal.</summary>
    public override string ToString() => Ia5Text ?? Convert.ToHexString(_octets!);
}
