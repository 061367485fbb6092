using Gateway.X400;
using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// Adds the outer MIME wrapper towards SMTP: <c>application/pkcs7-mime; smime-type=…; name=smime.p7m</c> for a
/// CMS object (RFC 3854 §3.2.1/§3.3.1, file names as RFC 3851 §3.2.1 asks), or
/// <c>application/x400-content; content-type=…</c> for plain X.400 content (§3.5), base64 in both cases.
/// </summary>
public static class Rfc3854Wrapper
{
    /// <remarks>The part reads <paramref name="content"/> where it lies (a mapped file included): it must outlive the part's use.</remarks>
    public static MimePart Wrap(MessageKind kind, ReadOnlyMemory<byte> content, X400ContentType? contentType = null)
    {
        MimePart part;
        switch (kind)
        {
            case MessageKind.SignedX400:
            case MessageKind.EnvelopedX400:
                // MimeKit's ApplicationPkcs7Mime refuses smime-types it does not know, so build the part plainly.
                part = new MimePart("application", "pkcs7-mime");
                part.ContentType.Parameters.Add("smime-type", kind.ToName());
                part.ContentType.Name = "smime.p7m";
                part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "smime.p7m" };
                break;
            case MessageKind.X400Content:
                ArgumentNullException.ThrowIfNull(contentType);
                part = new MimePart("application", "x400-content");
                part.ContentType.Parameters.Add("content-type", contentType.ToString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "only RFC 3854 forms are wrapped");
        }
        part.ContentTransferEncoding = ContentEncoding.Base64;
        part.Content = new MimeContent(Gateway.Buffers.MemoryStreams.Open(content));
        return part;
    }
}
