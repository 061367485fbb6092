using System.Buffers;
using System.Globalization;

namespace Gateway.Smtp.Server;

/// <summary>
/// The checks a received message must pass before it is handed on, made on the octets as they are spooled (no second
/// read of the file): header section size, text line length, NUL octets and (for content that claims to be text) bare LF
/// or lone CR. A BINARYMIME body is exempt from all of them (it is binary by definition); its header section keeps the
/// size and line length limits. The first failure is the verdict; what comes after it is not looked at.
/// </summary>
public sealed class MessageContentCheck(bool binary, int maxTextLineLength, int maxHeaderSize)
{
    private long _headerBytes;
    private bool _inHeader = true;
    private int _lineLength;
    private byte _previous = (byte)'\n';
    private byte _beforePrevious = (byte)'\n';
    private SmtpReply? _refusal;

    /// <summary>Reads <paramref name="content"/> from its start and checks it whole; the position is put back to 0.</summary>
    public static async Task<SmtpReply?> CheckAsync(Stream content, bool binary, int maxTextLineLength, int maxHeaderSize, CancellationToken cancellationToken)
    {
        var check = new MessageContentCheck(binary, maxTextLineLength, maxHeaderSize);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            content.Position = 0;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, 64 * 1024), cancellationToken)) > 0) check.Append(buffer.AsSpan(0, read));
            return check.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            content.Position = 0;
        }
    }

    /// <summary>The verdict once every octet has been appended: null when the message passes.</summary>
    public SmtpReply? Complete() => _refusal ?? (!binary && _previous == (byte)'\r' ? BareNewline("<CR>") : null);

    /// <summary>The next octets of the message, in order.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_refusal is not null || (binary && !_inHeader)) return;
        _refusal = Scan(data);
    }

    private SmtpReply? Scan(ReadOnlySpan<byte> buffer)
    {
        var read = buffer.Length;
        for (var i = 0; i < read; i++)
        {
            if (!_inHeader)
            {
                if (binary) return null; // nothing more to check in a binary body
                if (_previous == (byte)'\n' && CrlfLines.Whole(buffer[i..], maxTextLineLength, noNul: true, noDotAfter: false) is var clean and > 0)
                {
                    // Whole lines known good: the state is as after any CRLF.
                    i += clean;
                    _lineLength = 0;
                    _beforePrevious = (byte)'\r';
                    if (i == read) break;
                }
                // In the body only NUL, CR and LF need a look: the octets between them only add to the line's length.
                var run = buffer[i..].IndexOfAny(LineOctets);
                if (run < 0) run = read - i;
                if (run > 0)
                {
                    if (_previous == (byte)'\r') return BareNewline("<CR>");
                    _lineLength += run;
                    if (_lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
                    _beforePrevious = run > 1 ? buffer[i + run - 2] : _previous;
                    _previous = buffer[i + run - 1];
                    i += run;
                    if (i == read) break;
                }
            }
            var b = buffer[i];
            if (_inHeader)
            {
                _headerBytes++;
                if (b == (byte)'\n' && (_previous == (byte)'\n' || (_previous == (byte)'\r' && _beforePrevious == (byte)'\n'))) _inHeader = false;
                else if (_headerBytes > maxHeaderSize)
                {
                    return new SmtpReply(552, "5.3.4", string.Create(CultureInfo.InvariantCulture, $"Message header size exceeds the limit of {maxHeaderSize} octets"));
                }
            }
            if (!binary)
            {
                if (b == 0) return new SmtpReply(554, "5.6.0", "Message contains a NUL octet; use BDAT with BODY=BINARYMIME for binary content");
                if (b == (byte)'\n')
                {
                    if (_previous != (byte)'\r') return BareNewline("<LF>");
                    _lineLength = 0;
                }
                else
                {
                    if (_previous == (byte)'\r') return BareNewline("<CR>");
                    if (b != (byte)'\r' && ++_lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
                }
            }
            else if (_inHeader)
            {
                // RFC 3030 §3: BINARYMIME makes the body binary, not the header section, whose lines keep their limit.
                if (b == (byte)'\n') _lineLength = 0;
                else if (b != (byte)'\r' && ++_lineLength > maxTextLineLength - 2) return LineTooLong(maxTextLineLength);
            }
            _beforePrevious = _previous;
            _previous = b;
        }
        return null;
    }

    private static readonly SearchValues<byte> LineOctets = SearchValues.Create([0, (byte)'\r', (byte)'\n']);

    private static SmtpReply LineTooLong(int maxTextLineLength) =>
        new(500, "5.5.2", string.Create(CultureInfo.InvariantCulture, $"Message contains a line longer than {maxTextLineLength} octets (RFC 5321 section 4.5.3.1.6)"));

    public static SmtpReply BareNewline(string what) =>
        new(550, "5.5.2", $"Message contains a bare {what}; lines must end with <CR><LF> (RFC 5321 section 2.3.8)");
}
