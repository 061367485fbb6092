using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.Smtp.Server;

/// <summary>
/// The DATA state machine, kept synchronous because <see cref="SequenceReader{T}"/> cannot live across an await.
/// It sees the stream line by line without ever holding a whole line: long lines pass through in pieces.
/// </summary>
/// <remarks>
/// Ordinary lines (CRLF-terminated, not starting with a dot) are passed over many at a time by a vector scan that
/// looks only for what needs the line-by-line path: a CR not followed by LF, an LF not preceded by CR, or a dot
/// after CRLF. Base64 bodies are almost nothing but such lines; reading them one line at a time was a tenth of the
/// gateway's CPU for 1 MB messages.
/// </remarks>
internal sealed class DataParser(long maxSize)
{
    private bool _atLineStart = true;

    public long Size { get; private set; }
    public bool TooBig { get; private set; }
    public bool BareLineFeed { get; private set; }
    public bool LoneCarriageReturn { get; private set; }

    /// <summary>
    /// Consumes what it can of <paramref name="buffer"/>; true when the terminating dot line was consumed. With
    /// <paramref name="outputLimit"/>, it stops early once about that many octets are ready for <paramref name="output"/>
    /// (<see cref="Paused"/> then says so), so that the caller can write them out and go on with a buffer of fixed size.
    /// </summary>
    /// <remarks>
    /// What goes out is what came in less the stuffed dots and the final dot line, so the lines between two stuffed dots
    /// go out as one run (a write per line was a tenth of the CPU for large messages).
    /// </remarks>
    public bool Process(ref ReadOnlySequence<byte> buffer, IBufferWriter<byte> output, long outputLimit = long.MaxValue)
    {
        Paused = false;
        var reader = new SequenceReader<byte>(buffer);
        var runStart = reader.Position;
        var runStartConsumed = reader.Consumed;
        try
        {
            while (!reader.End)
            {
                if (reader.Consumed - runStartConsumed >= outputLimit)
                {
                    Paused = true;
                    return false;
                }
                if (_atLineStart)
                {
                    if (reader.IsNext((byte)'.'))
                    {
                        if (reader.Remaining < 3 && !reader.IsNext(".."u8) && !IsDotThenOther(reader)) return false;
                        Write(buffer.Slice(runStart, reader.Position), output);
                        if (reader.IsNext(".\r\n"u8, advancePast: true))
                        {
                            runStart = reader.Position;
                            return true;
                        }
                        reader.Advance(1); // the stuffed dot
                        runStart = reader.Position;
                        runStartConsumed = reader.Consumed;
                    }
                    _atLineStart = false;
                    if (OrdinaryLines(reader.UnreadSpan) is var ordinary and > 0)
                    {
                        reader.Advance(ordinary);
                        _atLineStart = true;
                        continue;
                    }
                }
                if (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
                {
                    var crlf = line.Length > 0 && (line.IsSingleSegment ? line.FirstSpan[^1] : line.Slice(line.Length - 1).FirstSpan[0]) == (byte)'\r';
                    if (!crlf) BareLineFeed = true;
                    CheckLoneCr(crlf ? line.Slice(0, line.Length - 1) : line);
                    // Only CRLF ends a line: a dot after a bare LF is data, never the end of the message.
                    _atLineStart = crlf;
                }
                else
                {
                    // No LF yet: pass on all but a trailing CR, whose meaning depends on the next byte.
                    var rest = reader.UnreadSequence;
                    var keep = rest.Slice(rest.Length - 1).FirstSpan[0] == (byte)'\r' ? 1 : 0;
                    var part = rest.Slice(0, rest.Length - keep);
                    CheckLoneCr(part);
                    reader.Advance(part.Length);
                    return false;
                }
            }
            return false;
        }
        finally
        {
            Write(buffer.Slice(runStart, reader.Position), output);
            buffer = buffer.Slice(reader.Position);
        }
    }

    /// <summary>True when the last <see cref="Process"/> stopped at its output limit with input left to consume.</summary>
    public bool Paused { get; private set; }

    /// <summary>
    /// How many octets at the start of <paramref name="span"/> (which starts a line) are whole lines that need no
    /// further look: each ends in CRLF, has no other CR or LF, and the line after it does not start with a dot.
    /// Zero when the first line is not such a line or does not end within the span.
    /// </summary>
    internal static int OrdinaryLines(ReadOnlySpan<byte> span)
    {
        // Each position is judged with the two octets after it, so the last two are left for the line-by-line path.
        var limit = span.Length - 2;
        if (limit <= 0 || span[0] == (byte)'\n') return 0;
        var stop = FirstIrregular(span, limit);
        // The octets up to the last LF before the stop: every CR and LF among them is one of a CRLF pair.
        return span[..Math.Min(stop + 1, span.Length)].LastIndexOf((byte)'\n') + 1;
    }

    /// <summary>The first i below <paramref name="limit"/> where (span[i] is CR) differs from (span[i+1] is LF), or CR LF '.' starts.</summary>
    private static int FirstIrregular(ReadOnlySpan<byte> span, int limit)
    {
        ref var start = ref MemoryMarshal.GetReference(span);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var cr = Vector256.Create((byte)'\r');
            var lf = Vector256.Create((byte)'\n');
            var dot = Vector256.Create((byte)'.');
            // Loads at i, i + 1 and i + 2 must stay inside the span: i + 2 + 32 <= span.Length, that is i + 32 <= limit.
            for (; i + Vector256<byte>.Count <= limit; i += Vector256<byte>.Count)
            {
                var here = Vector256.LoadUnsafe(ref start, (nuint)i);
                var isCr = Vector256.Equals(here, cr);
                var irregular = (isCr ^ Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 1)), lf))
                    | (isCr & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 2)), dot));
                if (irregular != Vector256<byte>.Zero) return i + BitOperations.TrailingZeroCount(irregular.ExtractMostSignificantBits());
            }
        }
        for (; i < limit; i++)
        {
            var isCr = span[i] == (byte)'\r';
            if (isCr != (span[i + 1] == (byte)'\n') || (isCr && span[i + 2] == (byte)'.')) return i;
        }
        return limit;
    }

    private static bool IsDotThenOther(SequenceReader<byte> reader) =>
        reader.Remaining >= 2 && reader.TryPeek(1, out var second) && second != (byte)'\r';

    private void CheckLoneCr(ReadOnlySequence<byte> s)
    {
        if (LoneCarriageReturn) return;
        if (s.IsSingleSegment ? s.FirstSpan.Contains((byte)'\r') : s.PositionOf((byte)'\r') is not null) LoneCarriageReturn = true;
    }

    private void Write(ReadOnlySequence<byte> data, IBufferWriter<byte> output)
    {
        Size += data.Length;
        if (Size > maxSize) TooBig = true;
        if (TooBig) return;
        foreach (var segment in data) output.Write(segment.Span);
    }
}
