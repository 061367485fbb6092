using System.Buffers;
using System.Globalization;

namespace Gateway.Smtp.Server;

/// <summary>
/// The checks a received message must pass before it is handed on, made in one pass over the spooled file:
/// header section size, text line length, NUL octets and (for content that claims to be text) bare LF or lone CR.
/// A BINARYMIME body is exempt from all of them (it is binary by definition); its header section keeps the size and
/// line length limits.
/// </summary>
public static class MessageContentCheck
{
    public static async Task<SmtpReply?> CheckAsync(Stream content, bool binary, int maxTextLineLength, int maxHeaderSize, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long headerBytes = 0;
            var inHeader = true;
            var lineLength = 0;
            var previous = (byte)'\n';
            var beforePrevious = (byte)'\n';
            int read;
            content.Position = 0;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (!inHeader)
                    {
                        if (binary) return null; // nothing more to check in a binary body
                        // In the body only NUL, CR and LF need a look: the octets between them only add to the line's length.
                        var run = buffer.AsSpan(i, read - i).IndexOfAny(LineOctets);
                        if (run < 0) run = read - i;
                        if (run > 0)
                        {
                            if (previous == (byte)'\r') return BareNewline("<CR>");
                            lineLength += run;
                            if (lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
                            beforePrevious = run > 1 ? buffer[i + run - 2] : previous;
                            previous = buffer[i + run - 1];
                            i += run;
                            if (i == read) break;
                        }
                    }
                    var b = buffer[i];
                    if (inHeader)
                    {
                        headerBytes++;
                        if (b == (byte)'\n' && (previous == (byte)'\n' || (previous == (byte)'\r' && beforePrevious == (byte)'\n'))) inHeader = false;
                        else if (headerBytes > maxHeaderSize)
                        {
                            return new SmtpReply(552, "5.3.4", string.Create(CultureInfo.InvariantCulture, $"Message header size exceeds the limit of {maxHeaderSize} octets"));
                        }
                    }
                    if (!binary)
                    {
                        if (b == 0) return new SmtpReply(554, "5.6.0", "Message contains a NUL octet; use BDAT with BODY=BINARYMIME for binary content");
                        if (b == (byte)'\n')
                        {
                            if (previous != (byte)'\r') return BareNewline("<LF>");
                            lineLength = 0;
                        }
                        else
                        {
                            if (previous == (byte)'\r') return BareNewline("<CR>");
                            if (b != (byte)'\r' && ++lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
                        }
                    }
                    else if (inHeader)
                    {
                        // RFC 3030 §3: BINARYMIME makes the body binary, not the header section, whose lines keep their limit.
                        if (b == (byte)'\n') lineLength = 0;
                        else if (b != (byte)'\r' && ++lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
                    }
                    beforePrevious = previous;
                    previous = b;
                }
            }
            if (!binary && previous == (byte)'\r') return BareNewline("<CR>");
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            content.Position = 0;
        }
    }

    private static readonly SearchValues<byte> LineOctets = SearchValues.Create([0, (byte)'\r', (byte)'\n']);

    private static SmtpReply LineTooLong(int maxTextLineLength) =>
        new(500, "5.5.2", string.Create(CultureInfo.InvariantCulture, $"Message contains a line longer than {maxTextLineLength} octets (RFC 5321 section 4.5.3.1.6)"));

    public static SmtpReply BareNewline(string what) =>
        new(550, "5.5.2", $"Message contains a bare {what}; lines must end with <CR><LF> (RFC 5321 section 2.3.8)");
}
