using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Gateway.Buffers;

namespace Gateway.Smtp.Server;

/// <summary>What a command-line read produced.</summary>
public enum LineStatus
{
    Line,
    TooLong,
    BareNewline,
    InvalidUtf8,
    EndOfStream,
}

/// <summary>
/// Reads CRLF-terminated command lines from a pipe, and message data up to the terminating dot.
/// Before it blocks for more input it flushes the replies written so far: that is what makes
/// PIPELINING work (replies to a pipelined group go out together) without a flush per reply.
/// </summary>
public sealed class SmtpLineReader(PipeReader reader, Func<CancellationToken, ValueTask> flushBeforeBlocking)
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private bool _lineBuffered;

    /// <summary>How much message data is staged before it is written to the spool.</summary>
    private const int DataChunk = 64 * 1024;

    /// <summary>
    /// Drops whatever the client sent after the line just read and that is already here. After STARTTLS this is
    /// what stops plaintext commands pipelined behind it from being taken as if they came over TLS (RFC 3207 §4.2).
    /// </summary>
    public int DiscardBuffered()
    {
        if (!reader.TryRead(out var result)) return 0;
        var length = (int)result.Buffer.Length;
        reader.AdvanceTo(result.Buffer.End);
        _lineBuffered = false;
        return length;
    }

    /// <summary>Reads exactly <paramref name="count"/> octets of a BDAT chunk into <paramref name="output"/>, or discards them.</summary>
    /// <returns>False when the client went away before the chunk was complete.</returns>
    public async ValueTask<bool> ReadChunkAsync(Stream? output, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            if (output is not null)
            {
                foreach (var segment in take) await output.WriteAsync(segment, cancellationToken);
            }
            count -= take.Length;
            reader.AdvanceTo(take.End);
            if (count > 0 && result.IsCompleted) return false;
        }
        _lineBuffered = false;
        return true;
    }

    /// <summary>Reads one command line (without CRLF) of at most <paramref name="maxLength"/> bytes, CRLF included.</summary>
    public async ValueTask<(LineStatus Status, string Line)> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var discarding = false;
        while (true)
        {
            if (!_lineBuffered) await flushBeforeBlocking(cancellationToken);
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var status = TryTakeLine(ref buffer, maxLength, ref discarding, out var line);
            if (status is { } s)
            {
                _lineBuffered = new SequenceReader<byte>(buffer).TryAdvanceTo((byte)'\n');
                reader.AdvanceTo(buffer.Start);
                return (s, line);
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return (LineStatus.EndOfStream, "");
            }
            _lineBuffered = false;
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Takes one line ended by CRLF. RFC 5321 §2.3.8: no other sequence ends a line, so a bare LF or a lone CR is
    /// part of the line (which is then refused whole), never the start of another command.
    /// </summary>
    private static LineStatus? TryTakeLine(ref ReadOnlySequence<byte> buffer, int maxLength, ref bool discarding, out string line)
    {
        line = "";
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> raw, "\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length >= maxLength)
            {
                // Keep reading, but drop what is over the limit, so that a client cannot make the server buffer an
                // endless line. A trailing CR is kept: it may be the first half of the CRLF.
                discarding = true;
                var keep = buffer.Slice(buffer.Length - 1).FirstSpan[0] == (byte)'\r' ? 1 : 0;
                buffer = buffer.Slice(buffer.Length - keep);
            }
            return null;
        }
        buffer = buffer.Slice(reader.Position);
        if (discarding || raw.Length + 2 > maxLength) return LineStatus.TooLong;
        if (raw.PositionOf((byte)'\n') is not null || raw.PositionOf((byte)'\r') is not null) return LineStatus.BareNewline;
        try
        {
            line = StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return LineStatus.InvalidUtf8;
        }
        return LineStatus.Line;
    }

    /// <summary>
    /// Reads message data after 354 until the line holding only ".", removing dot-stuffing (RFC 5321 §4.5.2) and
    /// writing the message to <paramref name="output"/>. Only CRLF "." CRLF ends the data: a bare LF or a lone CR
    /// is noted and makes the message unacceptable (SMTP smuggling), but never ends it early.
    /// </summary>
    public async ValueTask<DataReadResult> ReadDataAsync(Stream output, long maxSize, CancellationToken cancellationToken)
    {
        var state = new DataParser(maxSize);
        // A staging buffer of fixed size: the parser stops when it holds about this much, it goes to the spool, and on.
        using var chunk = new PooledBufferWriter(DataChunk + 8 * 1024);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            bool finished;
            do
            {
                finished = state.Process(ref buffer, chunk, DataChunk - chunk.WrittenCount);
                // Staged octets go on when about a chunk is staged or the message is whole, not after every receive:
                // Kestrel receives 4 KiB at a time, and a write per receive was 57 system calls for each 1 MB message.
                if (chunk.WrittenCount > 0 && (finished || state.Paused))
                {
                    await output.WriteAsync(chunk.WrittenMemory, cancellationToken);
                    chunk.Clear();
                }
            }
            while (state.Paused);
            reader.AdvanceTo(buffer.Start, finished ? buffer.Start : buffer.End);
            if (finished)
            {
                _lineBuffered = false;
                return new DataReadResult(true, state.Size, state.TooBig, state.BareLineFeed, state.LoneCarriageReturn);
            }
            if (result.IsCompleted) return new DataReadResult(false, state.Size, state.TooBig, state.BareLineFeed, state.LoneCarriageReturn);
        }
    }
}
