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

    /// <summary>
    /// Responsible recipients left out of <see cref="Recipients"/> because their mailbox is at one of the gateway's own X.400
    /// domains: SMTP would bring them straight back here and into X.400 again, a loop. They get a non-delivery report.
    /// </summary>
    public IReadOnlyList<Gateway.X400.P1Recipient> LoopingRecipients { get; init; } = [];
}
