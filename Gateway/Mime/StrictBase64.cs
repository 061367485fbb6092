using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace Gateway.Mime;

/// <summary>
/// A base64 decoder that refuses what it cannot decode. MimeKit's decoder skips characters outside the alphabet,
/// as RFC 2045 §6.8 permits for readers, but for a CMS object a silently skipped character is a silently
/// corrupted signature: the gateway must say "broken base64" instead. Line breaks and white space are allowed;
/// padding only at the very end.
/// </summary>
public static class StrictBase64
{
    /// <summary>Decodes <paramref name="input"/> to <paramref name="output"/>; returns null or what is wrong, with where.</summary>
    public static async Task<string?> DecodeAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var inBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var quartet = ArrayPool<byte>.Shared.Rent(64 * 1024 + 4);
        var decoded = ArrayPool<byte>.Shared.Rent(48 * 1024 + 3);
        try
        {
            var line = 1;
            var pending = 0;
            var sawPadding = false;
            var padding = 0;
            int read;
            while ((read = await input.ReadAsync(inBuffer.AsMemory(0, 64 * 1024), cancellationToken)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (!sawPadding)
                    {
                        // Runs of alphabet characters are copied whole; only what lies between them is looked at one by one.
                        var run = inBuffer.AsSpan(i, read - i).IndexOfAnyExcept(Alphabet);
                        if (run < 0) run = read - i;
                        inBuffer.AsSpan(i, run).CopyTo(quartet.AsSpan(pending));
                        pending += run;
                        i += run;
                        if (i == read) break;
                    }
                    var c = inBuffer[i];
                    if (c == (byte)'\n') { line++; continue; }
                    if (c is (byte)'\r' or (byte)' ' or (byte)'\t') continue;
                    if (sawPadding && c != (byte)'=')
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"base64 data continues after the '=' padding (line {line})");
                    }
                    if (c == (byte)'=')
                    {
                        sawPadding = true;
                        if (++padding > 2) return string.Create(CultureInfo.InvariantCulture, $"more than two '=' padding characters (line {line})");
                    }
                    else
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"invalid base64 character 0x{c:X2} at line {line}");
                    }
                    quartet[pending++] = c;
                }
                var whole = sawPadding ? 0 : pending / 4 * 4;
                if (whole > 0)
                {
                    if (Decode(quartet.AsSpan(0, whole), decoded, isFinal: false, out var written) is { } err) return err;
                    await output.WriteAsync(decoded.AsMemory(0, written), cancellationToken);
                    quartet.AsSpan(whole, pending - whole).CopyTo(quartet);
                    pending -= whole;
                }
            }
            if (pending % 4 != 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"base64 data ends in the middle of a group ({pending % 4} characters left over)");
            }
            if (pending > 0)
            {
                ClearBitsAfterLastOctet(quartet.AsSpan(pending - 4, 4), padding);
                if (Decode(quartet.AsSpan(0, pending), decoded, isFinal: true, out var written) is { } err) return err;
                await output.WriteAsync(decoded.AsMemory(0, written), cancellationToken);
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inBuffer);
            ArrayPool<byte>.Shared.Return(decoded);
            ArrayPool<byte>.Shared.Return(quartet);
        }
    }

    private static string? Decode(ReadOnlySpan<byte> text, Span<byte> output, bool isFinal, out int written)
    {
        var status = Base64.DecodeFromUtf8(text, output, out _, out written, isFinal);
        return status == OperationStatus.Done ? null : "base64 padding is misplaced or the data is truncated";
    }

    /// <summary>
    /// RFC 4648 §3.5: the bits after the last octet should be zero, but some encoders leave them set. The octets are the same
    /// either way (MimeKit and Convert.FromBase64String read them so), so the bits are cleared rather than the body refused;
    /// the runtime's span decoder would call the group invalid.
    /// </summary>
    private static void ClearBitsAfterLastOctet(Span<byte> lastGroup, int padding)
    {
        if (padding == 0) return;
        // "xY==" holds one octet, so Y keeps its top two bits; "xyZ=" holds two, so Z keeps its top four.
        var at = 3 - padding;
        var value = Characters.IndexOf(lastGroup[at]);
        if (value >= 0) lastGroup[at] = Characters[value & (padding == 2 ? 0b110000 : 0b111100)];
    }

    private static ReadOnlySpan<byte> Characters => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8;

    private static readonly SearchValues<byte> Alphabet = SearchValues.Create(Characters);
}
