using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.X400.Mapping;

/// <summary>
/// An RFC 5321 mailbox as the mapping sees it: the value of the local part, with quoting undone (RFC 5322 §3.2.4:
/// quotes and backslashes are not part of the value), and the domain. ASCII only: PrintableString can carry no more.
/// </summary>
internal sealed record Rfc822Mailbox(string LocalPart, string Domain)
{
    private const string Atext = "!#$%&'*+-/=?^_`{|}~";

    private static readonly SearchValues<char> AtomCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + Atext);

    /// <summary>True unless the domain is an address literal such as <c>[192.0.2.1]</c>.</summary>
    public bool HasDomainName => !Domain.StartsWith('[');

    public static bool TryParse(string? text, [NotNullWhen(true)] out Rfc822Mailbox? mailbox, [NotNullWhen(false)] out string? error)
    {
        mailbox = null;
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at <= 0 || at == text.Length - 1)
        {
            error = "it is not local-part@domain";
            return false;
        }
        var wide = text.AsSpan().IndexOfAnyExceptInRange('\0', '\x7F');
        if (wide >= 0)
        {
            error = $"it contains {X411.Show(text[wide])}; RFC 2156 maps only ASCII mailboxes";
            return false;
        }
        var local = text[..at];
        var domain = text[(at + 1)..];
        string? value;
        if (local[0] == '"')
        {
            value = Unquote(local);
            if (value is null)
            {
                error = "the local part is not a valid quoted string";
                return false;
            }
        }
        else if (IsDotAtom(local))
        {
            value = local;
        }
        else
        {
            error = "the local part is neither a dot-atom nor a quoted string";
            return false;
        }
        if (!DomainName.IsValid(domain) && !IsAddressLiteral(domain))
        {
            error = $"'{domain}' is neither a domain name nor an address literal";
            return false;
        }
        mailbox = new Rfc822Mailbox(value, domain);
        error = null;
        return true;
    }

    /// <summary>The same mailbox: the local part exactly (RFC 5321 §2.4 lets it be case-sensitive), the domain in any case.</summary>
    public bool IsSameAs(Rfc822Mailbox other) =>
        string.Equals(LocalPart, other.LocalPart, StringComparison.Ordinal)
        && string.Equals(Domain, other.Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>The mailbox as SMTP writes it: a dot-atom local part as is, anything else as a quoted string.</summary>
    public override string ToString() => FormatLocalPart(LocalPart) + "@" + Domain;

    public static string FormatLocalPart(string value) =>
        IsDotAtom(value) ? value : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public static bool IsDotAtom(string s)
    {
        if (s.Length == 0) return false;
        var span = s.AsSpan();
        foreach (var range in span.Split('.'))
        {
            var atom = span[range];
            if (atom.IsEmpty || atom.ContainsAnyExcept(AtomCharacters)) return false;
        }
        return true;
    }

    /// <summary>The value of an RFC 5321 Quoted-string, or null when it is not one.</summary>
    private static string? Unquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[^1] != '"') return null;
        var sb = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '\\')
            {
                if (++i >= quoted.Length - 1 || quoted[i] is < ' ' or > '~') return null;
                sb.Append(quoted[i]);
            }
            else if (c is '"' or < ' ' or > '~')
            {
                return null;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool IsAddressLiteral(string d) =>
        d.Length > 2 && d[0] == '[' && d[^1] == ']' && d[1..^1].All(c => c is > ' ' and < '\x7F' and not '[' and not ']' and not '\\');
}
