using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.X400;

/// <summary>
/// The X.411 ContentType: a built-in integer (22 = IPM 1988) or an extended OBJECT IDENTIFIER.
/// RFC 3854 §3.5 writes it as the <c>content-type</c> parameter: <c>1*DIGIT *("." 1*DIGIT)</c>.
/// </summary>
public sealed record X400ContentType
{
    private X400ContentType(int? builtIn, string? oid) => (BuiltIn, Oid) = (builtIn, oid);

    /// <summary>The built-in integer, or null for an extended content type.</summary>
    public int? BuiltIn { get; }

    /// <summary>The dotted OID of an extended content type, or null for a built-in one.</summary>
    public string? Oid { get; }

    public static X400ContentType FromBuiltIn(int value) =>
        value is >= 0 and <= 32767 ? new(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "A built-in content type is an INTEGER in 0..32767 (ub-built-in-content-type).");

    public static X400ContentType FromOid(string oid) =>
        IsDottedOid(oid) ? new(null, oid) : throw new ArgumentException($"'{oid}' is not a dotted object identifier.", nameof(oid));

    /// <summary>Parses the RFC 3854 §3.5 parameter form; <paramref name="error"/> says what is wrong when it fails.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out X400ContentType? contentType, [NotNullWhen(false)] out string? error)
    {
        contentType = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "the content-type parameter is missing or empty";
            return false;
        }
        if (!text.Contains('.'))
        {
            // "01" fits the RFC 3854 digits rule but names no X.411 value canonically; it is refused like a
            // leading zero in an OID arc, so that one content type has one parameter spelling.
            if (text.Length > 1 && text[0] == '0' && text.All(char.IsAsciiDigit))
            {
                error = $"content-type={text} has a leading zero";
                return false;
            }
            if (text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 32767)
            {
                contentType = new(n, null);
                error = null;
                return true;
            }
            error = $"content-type={text} is not an integer in 0..32767 nor a dotted OID (RFC 3854 section 3.5)";
            return false;
        }
        if (!IsDottedOid(text))
        {
            error = $"content-type={text} is not an integer nor a dotted OID (RFC 3854 section 3.5)";
            return false;
        }
        contentType = new(null, text);
        error = null;
        return true;
    }

    /// <summary>An OID as X.660 allows it: at least two arcs, first 0..2, second below 40 under 0 and 1, no leading zeros.</summary>
    public static bool IsDottedOid(string text)
    {
        var span = text.AsSpan();
        var arcCount = 0;
        ReadOnlySpan<char> first = default, second = default;
        foreach (var range in span.Split('.'))
        {
            var arc = span[range];
            if (arc.IsEmpty || arc.ContainsAnyExceptInRange('0', '9') || (arc.Length > 1 && arc[0] == '0')) return false;
            if (arcCount == 0) first = arc;
            else if (arcCount == 1) second = arc;
            arcCount++;
        }
        if (arcCount < 2 || first.Length > 1 || first[0] > '2') return false;
        return first[0] == '2' || (second.Length <= 2 && int.Parse(second, CultureInfo.InvariantCulture) < 40);
    }

    /// <summary>The parameter form: the integer, or the dotted OID.</summary>
    public override string ToString() => Oid ?? BuiltIn!.Value.ToString(CultureInfo.InvariantCulture);
}
