using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// Strips the outer MIME wrapper of an RFC 3854 form (§3.2.1, §3.3.1, §3.5): what remains is the binary object
/// that goes into the X.400 content, byte for byte as the sender's CMS or X.400 encoder made it.
/// </summary>
public static class Rfc3854Unwrapper
{
    public static async Task<UnwrapResult> UnwrapAsync(MimeEntity body, long maxSize, CancellationToken cancellationToken)
    {
        if (body is not MimePart part)
        {
            return UnwrapResult.Fail("the body is not a single MIME part");
        }
        if (part.Content is null)
        {
            return UnwrapResult.Fail($"the {part.ContentType.MimeType} body is empty");
        }
        // Content.Stream is the body as it came (still encoded); Content.Open() would decode it leniently.
        var raw = part.Content.Stream ?? throw new InvalidOperationException("a parsed MIME part always has a content stream");
        raw.Position = 0;
        // Sized once from the encoded length (base64 decodes to three quarters of it, less the line breaks), so that a large
        // body is not copied at every doubling of the buffer; the result is the buffer itself, not a copy.
        var output = new MemoryStream((int)Math.Min(raw.Length / 4 * 3 + 3, Math.Min(maxSize, Array.MaxLength)));
        switch (part.ContentTransferEncoding)
        {
            case ContentEncoding.Base64:
                if (await StrictBase64.DecodeAsync(raw, output, cancellationToken) is { } error)
                {
                    return UnwrapResult.Fail($"broken base64 in the {part.ContentType.MimeType} body: {error}");
                }
                break;
            case ContentEncoding.Binary:
            case ContentEncoding.EightBit:
            case ContentEncoding.SevenBit:
            case ContentEncoding.Default:
                // RFC 3854 asks for base64 over SMTP; a binary body can only have come over BINARYMIME or be damaged.
                await raw.CopyToAsync(output, cancellationToken);
                break;
            case ContentEncoding.QuotedPrintable:
                await part.Content.DecodeToAsync(output, cancellationToken);
                break;
            default:
                return UnwrapResult.Fail($"unsupported Content-Transfer-Encoding '{part.Headers[HeaderId.ContentTransferEncoding]?.Trim()}'");
        }
        if (output.Length == 0) return UnwrapResult.Fail($"the {part.ContentType.MimeType} body is empty");
        if (output.Length > maxSize) return UnwrapResult.Fail("the decoded body exceeds the size limit");
        return UnwrapResult.Ok(output.GetBuffer().AsMemory(0, (int)output.Length));
    }
}
