using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.EmailAuth.Spf;

/// <summary>
/// RFC 7208 §7 macro expansion: <c>%{letter digits r delimiters}</c>, <c>%%</c>, <c>%_</c>, <c>%-</c>; an upper-case
/// letter URL-escapes its value. %{p} expands to "unknown" (RFC 7208 §7.3 allows it and discourages %{p}: the
/// validation it needs costs lookups the sender's domain does not pay for). c, r and t only exist in explanations.
/// </summary>
internal static class SpfMacro
{
    private const string Delimiters = ".-+,/_=";

    /// <exception cref="SpfSyntaxException">A malformed macro: the record is a permerror.</exception>
    public static string Expand(string text, SpfContext context, bool explanation = false)
    {
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '%')
            {
                result.Append(c);
                continue;
            }
            if (i + 1 >= text.Length) throw new SpfSyntaxException($"'%' at the end of '{text}'");
            var next = text[++i];
            switch (next)
            {
                case '%': result.Append('%'); continue;
                case '_': result.Append(' '); continue;
                case '-': result.Append("%20"); continue;
                case '{': break;
                default: throw new SpfSyntaxException($"'%{next}' in '{text}' is not a macro");
            }
            var end = text.IndexOf('}', i);
            if (end < 0) throw new SpfSyntaxException($"unterminated macro in '{text}'");
            result.Append(ExpandOne(text[(i + 1)..end], context, explanation, text));
            i = end;
        }
        return result.ToString();
    }

    private static string ExpandOne(string macro, SpfContext context, bool explanation, string text)
    {
        if (macro.Length == 0) throw new SpfSyntaxException($"empty macro in '{text}'");
        var letter = macro[0];
        var value = char.ToLowerInvariant(letter) switch
        {
            's' => context.Sender,
            'l' => context.LocalPart,
            'o' => context.SenderDomain,
            'd' => context.Domain,
            'i' => Dotted(context.Ip),
            'p' => "unknown",
            'v' => context.Ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr",
            'h' => context.Helo,
            'c' when explanation => context.Ip.ToString(),
            'r' when explanation => context.Receiver,
            't' when explanation => context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            _ => throw new SpfSyntaxException($"'%{{{macro}}}' in '{text}' is not a macro letter here"),
        };
        var rest = macro.AsSpan(1);
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits])) digits++;
        int? keep = null;
        if (digits > 0)
        {
            if (!int.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n == 0)
            {
                throw new SpfSyntaxException($"'%{{{macro}}}' in '{text}' keeps zero labels");
            }
            keep = n;
        }
        rest = rest[digits..];
        var reverse = false;
        if (rest.Length > 0 && (rest[0] == 'r' || rest[0] == 'R'))
        {
            reverse = true;
            rest = rest[1..];
        }
        foreach (var d in rest)
        {
            if (!Delimiters.Contains(d)) throw new SpfSyntaxException($"'{d}' in '%{{{macro}}}' is not a delimiter");
        }
        var delimiters = rest.Length == 0 ? "." : rest.ToString();
        var parts = value.Split(delimiters.ToCharArray()).ToList();
        if (reverse) parts.Reverse();
        if (keep is { } k && k < parts.Count) parts = parts[^k..];
        var expanded = string.Join('.', parts);
        return char.IsUpper(letter) ? Uri.EscapeDataString(expanded) : expanded;
    }

    /// <summary>%{i}: dotted quad, or for IPv6 the 32 nibbles separated by dots (RFC 7208 §7.3).</summary>
    private static string Dotted(IPAddress ip)
    {
        if (ip.AddressFamily != AddressFamily.InterNetworkV6) return ip.ToString();
        var hex = Convert.ToHexStringLower(ip.GetAddressBytes());
        return string.Join('.', hex.ToCharArray());
    }
}
