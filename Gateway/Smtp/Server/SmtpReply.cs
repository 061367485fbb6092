using System.Text;

namespace Gateway.Smtp.Server;

/// <summary>An SMTP reply: a three-digit code, an RFC 3463 enhanced status code and one or more text lines.</summary>
public sealed record SmtpReply(int Code, string? EnhancedCode, IReadOnlyList<string> Lines)
{
    public SmtpReply(int code, string? enhancedCode, string text) : this(code, enhancedCode, [text]) { }

    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    /// <summary>The wire form. The enhanced code goes on every line only when the client may see it (ENHANCEDSTATUSCODES).</summary>
    public string Format(bool withEnhancedCode = true)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            sb.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (withEnhancedCode && EnhancedCode is not null) sb.Append(EnhancedCode).Append(' ');
            AppendText(sb, Lines[i]);
            sb.Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// RFC 5321 §4.2: reply text is printable US-ASCII. Reasons from deeper down cite RFCs with "§" and may quote what
    /// the message held, so anything else is spelled out ("section") or replaced ('?') rather than sent as UTF-8.
    /// </summary>
    private static void AppendText(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            if (c is '\t' or (>= ' ' and <= '~')) sb.Append(c);
            else if (c == '§') sb.Append("section ");
            else sb.Append('?');
        }
    }

    public override string ToString() => Format().TrimEnd();
}
