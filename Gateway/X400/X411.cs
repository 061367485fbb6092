namespace Gateway.X400;

/// <summary>
/// Upper bounds and character checks from X.411 (1999) MTSUpperBounds and MTSAbstractService, as reproduced in
/// Wireshark's <c>epan/dissectors/asn1/p1/*.asn</c>. Shared by the string parser and the encoder so that an
/// address accepted by one is never refused by the other.
/// </summary>
internal static class X411
{
    public const int UbDomainNameLength = 16;
    public const int UbOrganizationNameLength = 64;
    public const int UbOrganizationalUnitNameLength = 32;
    public const int UbOrganizationalUnits = 4;
    public const int UbSurnameLength = 40;
    public const int UbGivenNameLength = 16;
    public const int UbInitialsLength = 5;
    public const int UbGenerationQualifierLength = 3;
    public const int UbCommonNameLength = 64;
    public const int UbDomainDefinedAttributes = 4;
    public const int UbDomainDefinedAttributeTypeLength = 8;
    public const int UbDomainDefinedAttributeValueLength = 128;
    public const int UbLocalIdLength = 32;
    public const int UbContentIdLength = 16;
    public const int UbRecipients = 32767;
    public const int UbExtensionTypes = 256;
    public const int UbIntegerOptions = 256;
    public const int UbMtsUserTypes = 256;
    public const int UbReasonCodes = 32767;
    public const int UbDiagnosticCodes = 32767;
    public const int UbSupplementaryInfoLength = 256;

    /// <summary>The X.680 PrintableString repertoire.</summary>
    public static bool IsPrintable(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')
            or ' ' or '\'' or '(' or ')' or '+' or ',' or '-' or '.' or '/' or ':' or '=' or '?';

    /// <summary>Null when <paramref name="value"/> is a PrintableString of min..max characters, else the problem.</summary>
    public static string? CheckPrintable(string attribute, string value, int min, int max)
    {
        if (value.Length < min) return $"{attribute} is empty";
        if (value.Length > max) return $"{attribute} is {value.Length} characters long; X.411 allows at most {max}";
        for (var i = 0; i < value.Length; i++)
        {
            if (!IsPrintable(value[i])) return $"{attribute} contains {Show(value[i])} at position {i + 1}, which is not a PrintableString character";
        }
        return null;
    }

    /// <summary>CountryName is a CHOICE of a 3-digit X.121 DCC (NumericString) or a 2-letter ISO 3166 code (PrintableString).</summary>
    public static string? CheckCountry(string attribute, string value) =>
        IsNumericCountry(value) || (value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
            ? null
            : $"{attribute} '{value}' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)";

    public static bool IsNumericCountry(string value) => value.Length == 3 && !value.AsSpan().ContainsAnyExceptInRange('0', '9');

    public static string? CheckIa5(string attribute, string value, int min, int max)
    {
        if (value.Length < min) return $"{attribute} is empty";
        if (value.Length > max) return $"{attribute} is {value.Length} characters long; X.411 allows at most {max}";
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] > 0x7F) return $"{attribute} contains {Show(value[i])} at position {i + 1}, which is not an IA5String character";
        }
        return null;
    }

    /// <summary>Shows a character so that control and non-ASCII characters stay visible in error messages.</summary>
    public static string Show(char c) => c is >= ' ' and <= '~' ? $"'{c}'" : $"U+{(int)c:X4}";

    /// <summary>Quotes text from an address, control and non-ASCII characters as &lt;U+XXXX&gt;: errors end up in replies, logs and .why files.</summary>
    public static string Show(string text) =>
        $"'{string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"<U+{(int)c:X4}>"))}'";
}
