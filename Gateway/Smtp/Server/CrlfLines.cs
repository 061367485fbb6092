using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Gateway.Smtp.Server;

/// <summary>
/// A vector scan over message text that vouches for whole lines at a time, so that the octet-by-octet paths (the DATA
/// parser, the content checks) look only at the few places that need it. Base64 bodies are almost nothing but lines it
/// passes over; taking them one line at a time was a tenth of the gateway's CPU for 1 MB messages.
/// </summary>
internal static class CrlfLines
{
    /// <summary>
    /// How many octets at the start of <paramref name="span"/>, which begins a line, are whole lines that need no further
    /// look: each CR is followed by LF and each LF preceded by CR; none is longer than <paramref name="maxLine"/> with its
    /// CRLF; with <paramref name="noNul"/>, none holds a NUL; with <paramref name="noDotAfter"/>, the line after each does
    /// not start with a dot. Zero when it cannot vouch for the first line (or without vector hardware).
    /// </summary>
    public static int Whole(ReadOnlySpan<byte> span, int maxLine, bool noNul, bool noDotAfter)
    {
        // Each octet is judged with the one or two after it, which must be in the span.
        var limit = span.Length - (noDotAfter ? 2 : 1);
        // Lines shorter than a vector are not measured one by one, so a limit below two vectors is left to the caller.
        if (!Vector256.IsHardwareAccelerated || maxLine < 2 * Vector256<byte>.Count || limit <= 0 || span[0] == (byte)'\n') return 0;
        ref var start = ref MemoryMarshal.GetReference(span);
        var cr = Vector256.Create((byte)'\r');
        var lf = Vector256.Create((byte)'\n');
        var dot = Vector256.Create((byte)'.');
        var whole = 0;
        long lineSoFar = 0;
        for (var i = 0; i + Vector256<byte>.Count <= limit; i += Vector256<byte>.Count)
        {
            var here = Vector256.LoadUnsafe(ref start, (nuint)i);
            var isCr = Vector256.Equals(here, cr);
            var irregular = isCr ^ Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 1)), lf);
            if (noNul) irregular |= Vector256.Equals(here, Vector256<byte>.Zero);
            if (noDotAfter) irregular |= isCr & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + 2)), dot);
            var faults = irregular.ExtractMostSignificantBits();
            var lineEnds = Vector256.Equals(here, lf).ExtractMostSignificantBits();
            // The lines that end before the first fault still count.
            if (faults != 0) lineEnds &= (1u << BitOperations.TrailingZeroCount(faults)) - 1;
            if (lineEnds == 0)
            {
                lineSoFar += Vector256<byte>.Count;
                if (faults != 0 || lineSoFar > maxLine) break;
                continue;
            }
            if (lineSoFar + BitOperations.TrailingZeroCount(lineEnds) + 1 > maxLine) break;
            var last = Vector256<byte>.Count - 1 - BitOperations.LeadingZeroCount(lineEnds);
            whole = i + last + 1;
            lineSoFar = Vector256<byte>.Count - 1 - last;
            if (faults != 0) break;
        }
        return whole;
    }
}
