using System.Buffers;
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
        var octets = new ArrayBufferWriter<byte>(Lines.Count * 64);
        WriteTo(octets, withEnhancedCode);
        return Encoding.ASCII.GetString(octets.WrittenSpan);
    }

    /// <summary>
    /// The wire form written as ASCII straight into <paramref name="output"/>: the session's replies went through two
    /// builders and a string each.
    /// </summary>
    /// <returns>The octets written.</returns>
    public int WriteTo(IBufferWriter<byte> output, bool withEnhancedCode = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enhanced = withEnhancedCode ? EnhancedCode : null;
        var span = output.GetSpan(Lines.Count * (MaxLineLength + 16 + (enhanced?.Length ?? 0) * 3));
        var at = 0;
        for (var i = 0; i < Lines.Count; i++)
        {
            var start = at;
            Code.TryFormat(span[at..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
            at += digits;
            span[at++] = (byte)(i == Lines.Count - 1 ? ' ' : '-');
            if (enhanced is not null)
            {
                at += Encoding.UTF8.GetBytes(enhanced, span[at..]);
                span[at++] = (byte)' ';
            }
            at += WritePrintable(Lines[i], MaxLineLength - (at - start) - 2, span[at..]);
            span[at++] = (byte)'\r';
            span[at++] = (byte)'\n';
        }
        output.Advance(at);
        return at;
    }

    private const string Section = "section ";

    /// <summary>
    /// Reply text often quotes what the client sent (a parameter value, a header field): a CR or LF in it would end this
    /// reply early and start one the gateway never gave, and a long one would pass the line limit. RFC 5321 §4.2 makes
    /// reply text printable US-ASCII, and reasons from deeper down cite RFCs with "§": that is spelled out ("section"),
    /// anything else outside printable ASCII becomes '?' (as Postfix does), and the text is cut to
    /// <paramref name="room"/> octets with "..." at the end.
    /// </summary>
    private static int WritePrintable(string text, int room, Span<byte> destination)
    {
        var length = 0;
        foreach (var c in text) length += c == '§' ? Section.Length : 1;
        var limit = length <= room ? length : Math.Max(0, room - 3);
        var at = 0;
        foreach (var c in text)
        {
            if (at == limit) break;
            if (c is '\t' or (>= ' ' and <= '~')) destination[at++] = (byte)c;
            else if (c == '§')
            {
                for (var k = 0; k < Section.Length && at < limit; k++) destination[at++] = (byte)Section[k];
            }
            else destination[at++] = (byte)'?';
        }
        if (length > room)
        {
            "..."u8.CopyTo(destination[at..]);
            at += 3;
        }
        return at;
    }

    public override string ToString() => Format().TrimEnd();
}
