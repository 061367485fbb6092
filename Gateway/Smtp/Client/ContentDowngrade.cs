using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.Smtp.Client;

/// <summary>
/// Makes a message fit a next hop that lacks BINARYMIME (and, rarely, 8BITMIME) by re-encoding MIME parts, the
/// conversion RFC 3030 §3 and RFC 6152 §3 allow a relay. Only what must change is changed: MimeKit's own
/// <see cref="MimeMessage.Prepare"/> would also re-encode long-lined 7bit parts and add headers, which a relay
/// has no business doing.
/// </summary>
internal static class ContentDowngrade
{
    /// <summary>Re-encodes every part the next hop cannot take; returns how many parts were changed.</summary>
    /// <remarks>
    /// multipart/signed is left alone: its first part is covered by the signature, and re-encoding it would break
    /// verification. An application/pkcs7-mime part is opaque, so its transfer encoding lies outside the signature
    /// (RFC 3854 §3.2.1 allows changing that wrapper).
    /// </remarks>
    public static int Apply(MimeMessage message, bool eightBit)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Body is null ? 0 : Apply(message.Body, eightBit);
    }

    /// <summary>
    /// The Content-Type of the first part that still needs an extension the next hop lacks (typically binary
    /// content inside a signature), or null when the whole message fits.
    /// </summary>
    public static string? FindUnfit(MimeMessage message, bool eightBit, bool binary)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var entity in Entities(message))
        {
            var encoding = entity switch
            {
                MimePart part => part.ContentTransferEncoding,
                MessagePart messagePart => DeclaredEncoding(messagePart),
                _ => ContentEncoding.Default,
            };
            if (encoding == ContentEncoding.Binary && !binary || encoding == ContentEncoding.EightBit && !eightBit)
            {
                return entity.ContentType.MimeType;
            }
        }
        return null;
    }

    /// <summary>Whether any header, of the message or of a part, carries raw non-ASCII octets (RFC 6532 UTF-8 headers).</summary>
    public static bool HasEightBitHeaders(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return HasEightBit(message.Headers)
            || Entities(message).Any(e => HasEightBit(e.Headers) || e is MessagePart { Message: { } inner } && HasEightBit(inner.Headers));
    }

    private static int Apply(MimeEntity entity, bool eightBit)
    {
        switch (entity)
        {
            case MultipartSigned:
                return 0;
            case Multipart multipart:
                return multipart.Sum(child => Apply(child, eightBit));
            case MessagePart { Message: { } inner } messagePart:
                var changed = inner.Body is null ? 0 : Apply(inner.Body, eightBit);
                var declared = DeclaredEncoding(messagePart);
                if (declared == ContentEncoding.Binary || declared == ContentEncoding.EightBit && !eightBit)
                {
                    // RFC 2046 §5.2.1: message/rfc822 is never encoded itself, so its label follows what was done inside.
                    messagePart.Headers[HeaderId.ContentTransferEncoding] = eightBit ? "8bit" : "7bit";
                    changed++;
                }
                return changed;
            case MimePart part when part.ContentTransferEncoding == ContentEncoding.Binary:
                part.ContentTransferEncoding = ContentEncoding.Base64;
                return 1;
            case MimePart part when part.ContentTransferEncoding == ContentEncoding.EightBit && !eightBit:
                // Text stays mostly legible in quoted-printable; anything else is smaller in base64.
                part.ContentTransferEncoding = part is TextPart ? ContentEncoding.QuotedPrintable : ContentEncoding.Base64;
                return 1;
            default:
                return 0;
        }
    }

    private static ContentEncoding DeclaredEncoding(MimeEntity entity)
    {
        var value = entity.Headers[HeaderId.ContentTransferEncoding];
        return value?.Trim().ToLowerInvariant() switch
        {
            "binary" => ContentEncoding.Binary,
            "8bit" => ContentEncoding.EightBit,
            _ => ContentEncoding.Default,
        };
    }

    /// <summary>Every entity, signed content and attached messages included.</summary>
    private static IEnumerable<MimeEntity> Entities(MimeMessage message)
    {
        using var iterator = new MimeIterator(message);
        while (iterator.MoveNext())
        {
            yield return iterator.Current;
        }
    }

    private static bool HasEightBit(HeaderList headers)
    {
        foreach (var header in headers)
        {
            if (header.RawValue.Any(b => b >= 0x80))
            {
                return true;
            }
        }
        return false;
    }
}
