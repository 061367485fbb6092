using Gateway.Cms;
using Gateway.Mime;
using MimeKit;

namespace Gateway.Relay;

/// <summary>A message from X.400 made ready for SMTP: the MIME message and the SMTP envelope to send it with.</summary>
public sealed record SmtpBoundMessage(MimeMessage Message, string ReversePath, IReadOnlyList<string> Recipients, MessageKind Kind,
    CmsInspection? Cms, string ContentType)
{
    /// <summary>BINARYMIME when the content goes as binary; the next hop client downgrades it when it must.</summary>
    public Gateway.Smtp.BodyType Body { get; init; }
}
