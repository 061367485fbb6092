using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Smtp.Server;

/// <summary>
/// The reverse-path or forward-path of MAIL and RCPT (RFC 5321 §4.1.2): <c>&lt;mailbox&gt;</c>, the null path
/// <c>&lt;&gt;</c>, or a path with an obsolete source route, which is dropped as §C allows.
/// </summary>
public static class SmtpPath
{
    /// <summary>Splits "&lt;path&gt; params" into the mailbox (empty for the null path) and the parameter text.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out string? mailbox, out string parameters, [NotNullWhen(false)] out string? error,
        bool allowUtf8 = false)
    {
        mailbox = null;
        parameters = "";
        text = text.TrimStart(' ');
        if (text.Length == 0 || text[0] != '<')
        {
            error = "the address must be enclosed in <>";
            return false;
        }
        var inQuote = false;
        var end = -1;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuote && c == '\\') { i++; continue; }
            if (c == '"') inQuote = !inQuote;
            else if (c == '>' && !inQuote) { end = i; break; }
        }
        if (end < 0)
        {
            error = "the address has no closing >";
            return false;
        }
        var path = text[1..end];
        if (end + 1 < text.Length && text[end + 1] != ' ')
        {
            error = "garbage after the address";
            return false;
        }
        parameters = text[(end + 1)..].Trim(' ');
        if (path.StartsWith('@'))
        {
            var colon = path.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                error = "a source route without ':'";
                return false;
            }
            // RFC 5321 §4.1.2: A-d-l = At-domain *( "," At-domain ), and a Mailbox must follow it ("<@a:>" is no null path).
            if (!path[..colon].Split(',').All(hop => hop.Length > 1 && hop[0] == '@' && IsDomain(hop[1..], allowUtf8)))
            {
                error = "the source route is not a list of @domain";
                return false;
            }
            path = path[(colon + 1)..];
            if (path.Length == 0)
            {
                error = "a source route without a mailbox";
                return false;
            }
        }
        if (path.Length > 0 && !IsMailbox(path, out error, allowUtf8))
        {
            return false;
        }
        mailbox = path;
        error = null;
        return true;
    }

    /// <summary>RFC 5321 Mailbox: Local-part "@" domain, where the local part is a dot-string or a quoted string.</summary>
    /// <param name="allowUtf8">RFC 6531: non-ASCII in atoms, quoted strings and domain labels (SMTPUTF8 only).</param>
    public static bool IsMailbox(string path, [NotNullWhen(false)] out string? error, bool allowUtf8 = false)
    {
        var at = path.LastIndexOf('@');
        if (at <= 0 || at == path.Length - 1)
        {
            error = "the address needs a local part and a domain";
            return false;
        }
        var local = path[..at];
        var domain = path[(at + 1)..];
        if (local.Length > 64 * 4 || domain.Length > 255)
        {
            error = "the address is too long";
            return false;
        }
        if (!(local[0] == '"' ? IsQuotedString(local, allowUtf8) : IsDotString(local, allowUtf8)))
        {
            error = "the local part is not a dot-string or a quoted string";
            return false;
        }
        if (!IsDomain(domain, allowUtf8))
        {
            error = "the domain is not a valid host name or address literal";
            return false;
        }
        error = null;
        return true;
    }

    private static bool IsDotString(string s, bool utf8) =>
        s.Split('.').All(atom => atom.Length > 0 && atom.All(c => IsAtext(c) || (utf8 && c > 127)));

    private static bool IsQuotedString(string s, bool utf8)
    {
        if (s.Length < 2 || s[^1] != '"') return false;
        for (var i = 1; i < s.Length - 1; i++)
        {
            var c = s[i];
            if (c == '\\')
            {
                if (++i >= s.Length - 1 || s[i] < 32 || (s[i] > 126 && !utf8)) return false;
            }
            else if (c == '"' || c < 32 || c == 127 || (c > 127 && !utf8))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsDomain(string d, bool utf8)
    {
        if (d.StartsWith('[')) return d.EndsWith(']') && d.Length > 2 && IsAddressLiteral(d[1..^1]);
        return d.Split('.').All(label => label.Length is > 0 and <= 63
            && IsLetterOrDigit(label[0], utf8) && IsLetterOrDigit(label[^1], utf8)
            && label.All(c => IsLetterOrDigit(c, utf8) || c == '-'));
    }

    /// <summary>
    /// RFC 5321 §4.1.3: an IPv4 address in dotted decimal, "IPv6:" and an IPv6 address, or a general literal "tag:content"
    /// whose tag is not IPv6.
    /// </summary>
    private static bool IsAddressLiteral(string literal)
    {
        if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.TryParse(literal[5..], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 && !literal.Contains('%', StringComparison.Ordinal);
        }
        var colon = literal.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            var octets = literal.Split('.');
            return octets.Length == 4 && octets.All(o => o.Length is > 0 and <= 3 && o.All(char.IsAsciiDigit) && int.Parse(o, CultureInfo.InvariantCulture) <= 255);
        }
        var tag = literal[..colon];
        return tag.Length > 0 && IsLetterOrDigit(tag[^1], false) && tag.All(c => IsLetterOrDigit(c, false) || c == '-')
            && literal[(colon + 1)..] is { Length: > 0 } content && content.All(c => c is > ' ' and < (char)127 and not '[' and not ']' and not '\\');
    }

    private static bool IsLetterOrDigit(char c, bool utf8) => char.IsAsciiLetterOrDigit(c) || (utf8 && c > 127);

    private static bool IsAtext(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c);

    /// <summary>The domain of a mailbox, lower-cased, or null for the null path and bare "postmaster".</summary>
    public static string? DomainOf(string mailbox)
    {
        var at = mailbox.LastIndexOf('@');
        return at < 0 ? null : mailbox[(at + 1)..].ToLowerInvariant();
    }
}
