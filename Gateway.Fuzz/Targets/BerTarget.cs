using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// The BER reader (<see cref="BerCursor"/>) walked over any tree, every primitive read with the reader for its universal
/// type; then the readers built on it that take a whole input: the ORName decoder (whose result must survive a DER
/// round trip), the IPM heading reader and the content-correlator value reader.
/// </summary>
public static class BerTarget
{
    // The cursor itself does not bound nesting (its callers' grammars do), so this walk bounds its own recursion.
    private const int MaxDepth = 64;
    private const string Context = "fuzz";

    public static string Run(ReadOnlyMemory<byte> input) => string.Join('\n',
        $"walk: {Walk(input)}",
        $"orname: {OrName(input)}",
        $"ipm heading: {IpmHeading(input)}",
        $"content correlator: {Correlator(input)}");

    private static string Walk(ReadOnlyMemory<byte> input)
    {
        var count = 0;
        try
        {
            Walk(BerCursor.Over(input), 0, ref count);
            return $"{count} elements";
        }
        catch (X400DecodeException e)
        {
            return $"refused after {count} elements: {e.Message}";
        }
    }

    private static void Walk(BerCursor cursor, int depth, ref int count)
    {
        while (cursor.HasData)
        {
            var tag = cursor.PeekTag(Context);
            count++;
            if (tag.TagClass != TagClass.Universal)
            {
                if (tag.IsConstructed && depth < MaxDepth) Walk(cursor.ReadConstructed(tag, Context, "element"), depth + 1, ref count);
                else cursor.ReadRaw(Context, "element");
                continue;
            }
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.Sequence or UniversalTagNumber.Set when depth < MaxDepth:
                    Walk(cursor.ReadConstructed(tag, Context, "element"), depth + 1, ref count);
                    break;
                case UniversalTagNumber.Integer:
                    cursor.ReadInt32(tag, Context, "INTEGER");
                    break;
                case UniversalTagNumber.Enumerated:
                    cursor.ReadEnumerated<RoutingAction>(tag, Context, "ENUMERATED");
                    break;
                case UniversalTagNumber.BitString:
                    cursor.ReadNamedBits<PerMessageIndicators>(tag, Context, "BIT STRING");
                    break;
                case UniversalTagNumber.OctetString:
                    cursor.ReadOctetStringInPlace(tag, Context, "OCTET STRING");
                    break;
                case UniversalTagNumber.ObjectIdentifier:
                    cursor.ReadObjectIdentifier(tag, Context, "OBJECT IDENTIFIER");
                    break;
                case UniversalTagNumber.RelativeObjectIdentifier:
                    cursor.ReadRelativeObjectIdentifier(Context, "RELATIVE-OID");
                    break;
                case UniversalTagNumber.UtcTime:
                    cursor.ReadUtcTime(tag, Context, "UTCTime");
                    break;
                case UniversalTagNumber.NumericString or UniversalTagNumber.PrintableString:
                    cursor.ReadNumericOrPrintable(Context, "string");
                    break;
                case UniversalTagNumber.IA5String or UniversalTagNumber.T61String or UniversalTagNumber.UTF8String
                    or UniversalTagNumber.VisibleString or UniversalTagNumber.BMPString:
                    cursor.ReadString((UniversalTagNumber)tag.TagValue, tag, Context, "string");
                    break;
                default:
                    cursor.ReadRaw(Context, "element");
                    break;
            }
        }
    }

    private static string OrName(ReadOnlyMemory<byte> input)
    {
        OrName name;
        try
        {
            name = MtsApduCodec.DecodeOrName(input);
        }
        catch (X400DecodeException e)
        {
            return $"refused: {e.Message}";
        }
        if (!name.Address.TryValidate(out var invalid)) return $"{name.Address} (not encodable: {invalid})";
        // The address only: a directory name is skipped by the decoder and never written (OrName.HadDirectoryName).
        var again = MtsApduCodec.DecodeOrName(MtsApduCodec.EncodeOrName(name));
        if (!again.Address.Equals(name.Address)) throw new InvariantViolationException($"ORName {name.Address} came back from DER as {again.Address}");
        return name.HadDirectoryName ? $"{name.Address} (directory name skipped)" : name.Address.ToString();
    }

    private static string IpmHeading(ReadOnlyMemory<byte> input) =>
        IpmHeadingReader.TryRead(input, out var heading, out var error) ? $"subject {heading.Subject ?? "(none)"}" : $"refused: {error}";

    private static string Correlator(ReadOnlyMemory<byte> input)
    {
        BerValue value;
        try
        {
            value = new BerValue(input.Span);
        }
        catch (ArgumentException)
        {
            return "not one BER element";
        }
        return ContentCorrelator.TryDecode(value, out var correlator, out var error) ? correlator.ToString() : $"refused: {error}";
    }
}
