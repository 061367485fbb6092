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
    /// reply early and start one the gateway never gave, and a long one would pass the line limit. Control characters
    /// become '?' (as Postfix does), and the text is cut to <paramref name="room"/> octets with "..." at the end.
    /// </summary>
    private static string Printable(string text, int room)
    {
        var clean = string.Create(text.Length, text, static (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = t[i] is (< ' ' and not '\t') or '\x7f' ? '?' : t[i];
        });
        if (Encoding.UTF8.GetByteCount(clean) <= room) return clean;
        var cut = Math.Min(clean.Length, room - 3);
        while (cut > 0 && (Encoding.UTF8.GetByteCount(clean.AsSpan(0, cut)) > room - 3 || char.IsHighSurrogate(clean[cut - 1]))) cut--;
        return string.Concat(clean.AsSpan(0, cut), "...");
    }

    public override string ToString() => Format().TrimEnd();
}
