using System.Text;

namespace Gateway.Certificates.Ldap;

/// <summary>Values put into LDAP search filters, escaped as RFC 4515 §3 requires: a mailbox cannot become a filter.</summary>
public static class LdapFilter
{
    /// <summary><c>*</c>, <c>(</c>, <c>)</c>, <c>\</c>, NUL and every non-ASCII octet of the UTF-8 become <c>\XX</c>.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or 0 or >= 0x80) escaped.Append('\\').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            else escaped.Append((char)b);
        }
        return escaped.ToString();
    }

    /// <summary>The template with <c>{0}</c> (and <c>{1}</c>) replaced by escaped values; other braces are left alone.</summary>
    public static string Fill(string template, string first, string? second = null)
    {
        var filled = template.Replace("{0}", Escape(first), StringComparison.Ordinal);
        return second is null ? filled : filled.Replace("{1}", Escape(second), StringComparison.Ordinal);
    }
}
