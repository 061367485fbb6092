using System.Buffers;

namespace Gateway.Smtp.Server;

/// <summary>
/// The DATA state machine, kept synchronous because <see cref="SequenceReader{T}"/> cannot live across an await.
/// It sees the stream line by line without ever holding a whole line: long lines pass through in pieces.
/// </summary>
/// <remarks>
/// Ordinary lines (CRLF-terminated, the next not starting with a dot) are passed over many at a time (<see cref="CrlfLines"/>).
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
                    if (CrlfLines.Whole(reader.UnreadSpan, int.MaxValue, noNul: false, noDotAfter: true) is var ordinary and > 0)
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
