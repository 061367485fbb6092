using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.Smtp;

/// <summary>RFC 3461 §4 xtext: printable ASCII except '+' and '=', with "+XX" hex escapes for anything else.</summary>
public static class XText
{
    public static bool TryDecode(string text, [NotNullWhen(true)] out string? value)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '+')
            {
                if (i + 2 >= text.Length || !IsUpperHex(text[i + 1]) || !IsUpperHex(text[i + 2]))
                {
                    value = null;
                    return false;
                }
                sb.Append((char)Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c is < '!' or > '~' or '=')
            {
                value = null;
                return false;
            }
            else
            {
                sb.Append(c);
            }
        }
        value = sb.ToString();
        return true;
    }

    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is >= '!' and <= '~' and not '+' and not '=') sb.Append(c);
            else sb.Append('+').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static bool IsUpperHex(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F';
}
