using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration.Load;

/// <summary>
/// The messages of the load tests (crash, soak, two instances). Each carries a token in its X.400 content, which survives
/// the way through the gateway in either direction, so that what arrived can be told apart and counted.
/// </summary>
internal static class LoadMessages
{
    /// <summary>An x400-content message for <paramref name="localPart"/> at x400.example, far.example or both.</summary>
    public static MimeMessage Smtp(string token, string localPart, LoadRoute route)
    {
        var message = new MimeMessage { Date = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse("alice@example.com"));
        message.Subject = token;
        message.MessageId = $"{token}@load.test";
        if (route != LoadRoute.Smtp) message.To.Add(MailboxAddress.Parse($"{localPart}@x400.example"));
        if (route != LoadRoute.X400) message.To.Add(MailboxAddress.Parse($"{localPart}@far.example"));
        var part = new MimePart("application", "x400-content")
        {
            Content = new MimeContent(new MemoryStream(X400TestContent.Ipm(token, "load test"))),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.ContentType.Parameters.Add("content-type", "22");
        message.Body = part;
        return message;
    }

    /// <summary>A P1 message from the X.400 side for an SMTP mailbox, its token in the content and (dashes trimmed) in its MTS identifier.</summary>
    public static P1Message Inbound(string token, string mailbox) =>
        InboundP1.Message(new OrName(OrAddress.Parse("/S=Sender/O=Acme/PRMD=Acme/ADMD= /C=GB/")), mailbox, X400TestContent.Ipm(token, "from X.400"),
            X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility, token.Trim('-'));
}
