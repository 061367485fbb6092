using System.Globalization;
using System.Text;

namespace Gateway.Tests.Hostile.Smtp;

/// <summary>
/// The escapes of the corpus files, decoded to the octets that go over the wire (Latin-1, one char per octet):
/// <c>\r \n \t \0 \\ \xHH</c>, <c>\{ \}</c> for literal braces, and <c>\R{count}{text}</c>, <paramref name="text"/> repeated
/// <c>count</c> times, in which <c>\i</c> is the repetition's index and <c>\I</c> the index counted from the end (so that
/// nested MIME boundaries open in one order and close in the other). Repetitions nest.
/// </summary>
public static class CorpusText
{
    public static string Decode(string text) => Decode(text, index: 0, reverse: 0);

    private static string Decode(string text, int index, int reverse)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= text.Length) throw new FormatException($"a lone '\\' at the end of '{text}'");
            switch (text[i])
            {
                case 'r': sb.Append('\r'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case '0': sb.Append('\0'); break;
                case '\\': sb.Append('\\'); break;
                case '{': sb.Append('{'); break;
                case '}': sb.Append('}'); break;
                case 'i': sb.Append(index.ToString(CultureInfo.InvariantCulture)); break;
                case 'I': sb.Append(reverse.ToString(CultureInfo.InvariantCulture)); break;
                case 'x':
                    if (i + 2 >= text.Length) throw new FormatException($"a truncated \\x escape in '{text}'");
                    sb.Append((char)byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'R':
                    var countText = Group(text, ref i);
                    var body = Group(text, ref i);
                    var count = int.Parse(countText, NumberStyles.None, CultureInfo.InvariantCulture);
                    for (var n = 0; n < count; n++) sb.Append(Decode(body, n, count - 1 - n));
                    break;
                default:
                    throw new FormatException($"unknown escape '\\{text[i]}' in '{text}'");
            }
        }
        return sb.ToString();
    }

    /// <summary>The text between the '{' after <paramref name="i"/> and its matching '}' (escaped braces do not count); i ends on that '}'.</summary>
    private static string Group(string text, ref int i)
    {
        if (++i >= text.Length || text[i] != '{') throw new FormatException($"\\R needs {{count}}{{text}} in '{text}'");
        var start = i + 1;
        var depth = 0;
        for (; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return text[start..i];
        }
        throw new FormatException($"an unclosed {{ in '{text}'");
    }
}
