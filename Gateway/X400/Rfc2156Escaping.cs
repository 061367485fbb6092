using System.Globalization;
using System.Text;

namespace Gateway.X400;

/// <summary>
/// The RFC 2156 (MIXER) §3.4 reversible mapping of ASCII into PrintableString, used e.g. for the value of an
/// <c>RFC-822</c> domain-defined attribute: <c>first_last@example.com</c> ⇄ <c>first(u)last(a)example.com</c>.
/// </summary>
/// <remarks>
/// The <c>(ddd)</c> escape is three DECIMAL digits in 0..127: RFC 2156 §3.4 says the 3DIGIT "shall have range
/// 0-127, and is interpreted in decimal as the corresponding ASCII character" (checked against the rfc-ref.org
/// copy of RFC 2156 and the ABNF quoted in Microsoft KB text on RFC 1327). The project digest's "octal" was
/// marked UNCONFIRMED and is wrong.
/// </remarks>
public static class Rfc2156Escaping
{
    /// <summary>Maps ASCII text into PrintableString.</summary>
    /// <exception cref="ArgumentException">The text contains a non-ASCII character, which RFC 2156 §3.4 cannot map.</exception>
    public static string EncodePrintable(string rfc822)
    {
        ArgumentNullException.ThrowIfNull(rfc822);
        var sb = new StringBuilder(rfc822.Length + 8);
        for (var i = 0; i < rfc822.Length; i++)
        {
            var c = rfc822[i];
            switch (c)
            {
                case '@': sb.Append("(a)"); break;
                case '%': sb.Append("(p)"); break;
                case '!': sb.Append("(b)"); break;
                case '"': sb.Append("(q)"); break;
                case '_': sb.Append("(u)"); break;
                case '(': sb.Append("(l)"); break;
                case ')': sb.Append("(r)"); break;
                default:
                    if (c > 0x7F)
                    {
                        throw new ArgumentException($"{X411.Show(c)} at position {i + 1} is not ASCII; RFC 2156 section 3.4 maps only ASCII into PrintableString.", nameof(rfc822));
                    }
                    if (X411.IsPrintable(c)) sb.Append(c);
                    else sb.Append('(').Append(((int)c).ToString("D3", CultureInfo.InvariantCulture)).Append(')');
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Maps PrintableString back to ASCII. A parenthesis that does not start one of the escapes is kept as is:
    /// RFC 2156 notes that such strings cannot come from ASCII, so they are taken literally rather than refused.
    /// The escape letters are matched case-insensitively, as RFC 822 ABNF literals are.
    /// </summary>
    public static string DecodePrintable(string printable)
    {
        ArgumentNullException.ThrowIfNull(printable);
        var sb = new StringBuilder(printable.Length);
        var i = 0;
        while (i < printable.Length)
        {
            var c = printable[i];
            if (c == '(' && TryDecodeEscape(printable.AsSpan(i), out var decoded, out var length))
            {
                sb.Append(decoded);
                i += length;
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static bool TryDecodeEscape(ReadOnlySpan<char> s, out char decoded, out int length)
    {
        decoded = '\0';
        length = 0;
        if (s.Length >= 3 && s[2] == ')')
        {
            decoded = char.ToLowerInvariant(s[1]) switch
            {
                'a' => '@',
                'p' => '%',
                'b' => '!',
                'q' => '"',
                'u' => '_',
                'l' => '(',
                'r' => ')',
                _ => '\0',
            };
            length = 3;
            return decoded != '\0';
        }
        if (s.Length >= 5 && s[4] == ')' && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3]))
        {
            var value = ((s[1] - '0') * 100) + ((s[2] - '0') * 10) + (s[3] - '0');
            if (value > 127) return false;
            decoded = (char)value;
            length = 5;
            return true;
        }
        return false;
    }
}
