using System.Buffers;
using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// Strips the outer MIME wrapper of an RFC 3854 form (§3.2.1, §3.3.1, §3.5): what remains is the binary object
/// that goes into the X.400 content, byte for byte as the sender's CMS or X.400 encoder made it.
/// </summary>
public static class Rfc3854Unwrapper
{
    /// <summary>The object in memory: for what fits there comfortably (see <see cref="EncodedLength"/>).</summary>
    public static async Task<UnwrapResult> UnwrapAsync(MimeEntity body, long maxSize, CancellationToken cancellationToken)
    {
        // Sized once from the encoded length (base64 decodes to three quarters of it, less the line breaks), so that a large
        // body is not copied at every doubling of the buffer; the result is the buffer itself, not a copy.
        var output = new MemoryStream((int)Math.Min(EncodedLength(body) / 4 * 3 + 3, Math.Min(maxSize, Array.MaxLength)));
        if (await UnwrapToAsync(body, output, maxSize, cancellationToken) is { } error) return UnwrapResult.Fail(error);
        return UnwrapResult.Ok(output.GetBuffer().AsMemory(0, (int)output.Length));
    }

    /// <summary>The octets of the body as it came, still encoded; 0 when it is not a single part with content.</summary>
    public static long EncodedLength(MimeEntity body) => body is MimePart { Content.Stream: { } raw } ? raw.Length : 0;

    private static readonly SearchValues<byte> SevenBitOctets = SearchValues.Create([.. Enumerable.Range(1, 127).Select(b => (byte)b)]);

    /// <summary>Copies <paramref name="input"/> to <paramref name="output"/>; returns the first octet that 7bit data cannot hold, or null.</summary>
    private static async Task<byte?> CopySevenBitAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(0, 16 * 1024), cancellationToken)) > 0)
            {
                var bad = buffer.AsSpan(0, read).IndexOfAnyExcept(SevenBitOctets);
                if (bad >= 0) return buffer[bad];
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the object to <paramref name="output"/>; returns null, or what is wrong with the body.</summary>
    public static async Task<string?> UnwrapToAsync(MimeEntity body, Stream output, long maxSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (body is not MimePart part)
        {
            return "the body is not a single MIME part";
        }
        if (part.Content is null)
        {
            return $"the {part.ContentType.MimeType} body is empty";
        }
        // Content.Stream is the body as it came (still encoded); Content.Open() would decode it leniently.
        var raw = part.Content.Stream ?? throw new InvalidOperationException("a parsed MIME part always has a content stream");
        raw.Position = 0;
        var start = output.Position;
        switch (part.ContentTransferEncoding)
        {
            case ContentEncoding.Base64:
                if (await StrictBase64.DecodeAsync(raw, output, cancellationToken) is { } error)
                {
                    return $"broken base64 in the {part.ContentType.MimeType} body: {error}";
                }
                break;
            case ContentEncoding.Default when part.Headers.Contains(HeaderId.ContentTransferEncoding):
                // MimeKit reads an encoding it does not know as no encoding at all: the encoded text would go on as the object.
                return $"unsupported Content-Transfer-Encoding '{part.Headers[HeaderId.ContentTransferEncoding]?.Trim()}'";
            case ContentEncoding.SevenBit:
                // RFC 2045 §2.7: 7bit data has no octet above 127 and no NUL; an object that has them is mislabelled, not 7bit.
                if (await CopySevenBitAsync(raw, output, cancellationToken) is { } octet)
                {
                    return $"the {part.ContentType.MimeType} body is labelled 7bit but holds the octet 0x{octet:X2}";
                }
                break;
            case ContentEncoding.Binary:
            case ContentEncoding.EightBit:
            case ContentEncoding.Default:
                // RFC 3854 asks for base64 over SMTP; a binary body can only have come over BINARYMIME or be damaged.
                await raw.CopyToAsync(output, cancellationToken);
                break;
            case ContentEncoding.QuotedPrintable:
                if (await StrictQuotedPrintable.ValidateAsync(raw, cancellationToken) is { } broken)
                {
                    return $"broken quoted-printable in the {part.ContentType.MimeType} body: {broken}";
                }
                raw.Position = 0;
                await part.Content.DecodeToAsync(output, cancellationToken);
                break;
            default:
                return $"unsupported Content-Transfer-Encoding '{part.Headers[HeaderId.ContentTransferEncoding]?.Trim()}'";
        }
        var length = output.Position - start;
        if (length == 0) return $"the {part.ContentType.MimeType} body is empty";
        if (length > maxSize) return "the decoded body exceeds the size limit";
        return null;
    }
}
