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
            sb.Append(Lines[i]).Append("\r\n");
        }
        return sb.ToString();
    }

    public override string ToString() => Format().TrimEnd();
}
