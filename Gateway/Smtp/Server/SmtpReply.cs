using System.Text;

namespace Gateway.Smtp.Server;

/// <summary>An SMTP reply: a three-digit code, an RFC 3463 enhanced status code and one or more text lines.</summary>
public sealed record SmtpReply(int Code, string? EnhancedCode, IReadOnlyList<string> Lines)
{
    /// <summary>RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets, the code and CRLF included.</summary>
    public const int MaxLineLength = 512;

    public SmtpReply(int code, string? enhancedCode, string text) : this(code, enhancedCode, [text]) { }

    public bool IsPositive => Code is >= 200 and < 400;

    public bool IsTransientFailure => Code is >= 400 and < 500;

    /// <summary>The wire form. The enhanced code goes on every line only when the client may see it (ENHANCEDSTATUSCODES).</summary>
    public string Format(bool withEnhancedCode = true)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Lines.Count; i++)
        {
            var start = sb.Length;
            sb.Append(Code).Append(i == Lines.Count - 1 ? ' ' : '-');
            if (withEnhancedCode && EnhancedCode is not null) sb.Append(EnhancedCode).Append(' ');
            sb.Append(Printable(Lines[i], MaxLineLength - (sb.Length - start) - 2)).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// Reply text often quotes what the client sent (a parameter value, a header field): a CR or LF in it would end this
    /// reply early and start one the gateway never gave, and a long one would pass the line limit. RFC 5321 §4.2 makes
    /// reply text printable US-ASCII, and reasons from deeper down cite RFCs with "§": that is spelled out ("section"),
    /// anything else outside printable ASCII becomes '?' (as Postfix does), and the text is cut to
    /// <paramref name="room"/> octets with "..." at the end.
    /// </summary>
    private static string Printable(string text, int room)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\t' or (>= ' ' and <= '~')) clean.Append(c);
            else if (c == '§') clean.Append("section ");
            else clean.Append('?');
        }
        return clean.Length <= room ? clean.ToString() : string.Concat(clean.ToString(0, Math.Max(0, room - 3)), "...");
    }

    public override string ToString() => Format().TrimEnd();
}
