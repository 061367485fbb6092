using System.Globalization;
using System.Text;
using Gateway.X400;
using MimeKit;
using MimeKit.Utils;

namespace Gateway.Reports;

/// <summary>
/// An X.400 report as the RFC 3464 delivery status notification an SMTP user reads: multipart/report with a
/// human-readable part, message/delivery-status with one group per recipient, and the returned content when the
/// originator asked for it. The gateway is named as the DSN-Gateway; the reporting MTA is the X.400 domain that made the
/// report; recipients are given by their RFC 822 form (MIXER), diagnostics in X.411's own words with the RFC 3463 status.
/// </summary>
public static class DeliveryStatusNotifications
{
    /// <param name="mailboxOf">The MIXER mapping of an O/R name to its RFC 822 mailbox.</param>
    public static MimeMessage FromX400Report(P1Report report, string destination, Func<OrName, string> mailboxOf, string hostname, DateTimeOffset now)
    {
        var outcomes = report.Content.Recipients.Select(r => (Recipient: r, Mailbox: mailboxOf(r.ActualRecipientName))).ToList();
        var delivered = outcomes.Count(o => o.Recipient.LastTrace.ReportType is DeliveryReport);
        var subject = delivered == outcomes.Count ? "Delivery Status Notification (Success)"
            : delivered == 0 ? "Delivery Status Notification (Failure)"
            : "Delivery Status Notification (Mixed)";

        var human = new StringBuilder();
        human.Append(CultureInfo.InvariantCulture, $"This is the X.400 gateway {hostname}, passing on a report from the X.400 side about message {report.Content.SubjectIdentifier}.\r\n\r\n");
        foreach (var (recipient, mailbox) in outcomes)
        {
            human.Append(recipient.LastTrace.ReportType switch
            {
                DeliveryReport d => $"<{mailbox}>: delivered at {d.MessageDeliveryTime.UtcDateTime:u}\r\n",
                NonDeliveryReport n => $"<{mailbox}>: not delivered: {Diagnostic(n, recipient.SupplementaryInformation)}\r\n",
                _ => $"<{mailbox}>: reported\r\n",
            });
        }

        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", $"x400; {Domain(report.Envelope.Trace.FirstOrDefault()?.Domain)}" },
            { "DSN-Gateway", $"dns; {hostname}" },
        };
        if (report.Content.ContentCorrelator?.Ia5Text is { } envelopeId) perMessage.Add("Original-Envelope-Id", envelopeId);
        status.StatusGroups.Add(perMessage);
        foreach (var (recipient, mailbox) in outcomes)
        {
            var group = new HeaderList { { "Final-Recipient", $"rfc822; {mailbox}" } };
            group.Add("X-X400-Final-Recipient", $"x400; {recipient.ActualRecipientName.Address}");
            switch (recipient.LastTrace.ReportType)
            {
                case DeliveryReport:
                    group.Add("Action", "delivered");
                    group.Add("Status", "2.0.0");
                    break;
                case NonDeliveryReport n:
                    group.Add("Action", "failed");
                    group.Add("Status", ReportStatus.ForNonDelivery(n));
                    group.Add("Diagnostic-Code", $"x400; {Diagnostic(n, recipient.SupplementaryInformation)}");
                    break;
            }
            group.Add("Last-Attempt-Date", DateUtils.FormatDate(recipient.LastTrace.ArrivalTime));
            status.StatusGroups.Add(group);
        }

        var body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = human.ToString() }, status };
        if (report.Content.ReturnedContent is { } returned)
        {
            var type = report.Content.ContentType is { } t ? t.ToString() : "22";
            var part = new MimePart("application", "x400-content") { Content = new MimeContent(new MemoryStream(returned.ToArray())), ContentTransferEncoding = ContentEncoding.Base64 };
            part.ContentType.Parameters.Add("content-type", type);
            body.Add(part);
        }
        var message = new MimeMessage
        {
            Subject = subject,
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(hostname),
            Body = body,
        };
        message.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{hostname}"));
        message.To.Add(MailboxAddress.Parse(destination));
        message.Headers.Add("Auto-Submitted", "auto-replied"); // RFC 3834: nobody answers this automatically
        return message;
    }

    /// <summary>
    /// RFC 3461 §6.2.1(b): the recipients that asked for NOTIFY=SUCCESS were relayed into an X.400 side that does not
    /// return delivery reports, so this is the last word they will get: Action relayed, Status 2.0.0, Remote-MTA the
    /// gateway's X.400 domain.
    /// </summary>
    /// <param name="recipients">Each with its ORCPT (type and address) when the client gave one.</param>
    public static MimeMessage Relayed(string destination, IReadOnlyList<(string Address, string? OriginalType, string? Original)> recipients, string? envelopeId,
        string x400Domain, string hostname, DateTimeOffset arrival, DateTimeOffset now)
    {
        var human = new StringBuilder();
        human.Append(CultureInfo.InvariantCulture, $"This is the X.400 gateway {hostname}. Your message was relayed into X.400, which does not report delivery back:\r\n\r\n");
        foreach (var (address, _, _) in recipients) human.Append(CultureInfo.InvariantCulture, $"<{address}>: relayed to X.400 ({x400Domain})\r\n");
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", $"dns; {hostname}" } };
        if (envelopeId is not null) perMessage.Add("Original-Envelope-Id", envelopeId);
        perMessage.Add("Arrival-Date", DateUtils.FormatDate(arrival));
        status.StatusGroups.Add(perMessage);
        foreach (var (address, originalType, original) in recipients)
        {
            var group = new HeaderList();
            if (original is not null) group.Add("Original-Recipient", $"{originalType ?? "rfc822"}; {original}");
            group.Add("Final-Recipient", $"rfc822; {address}");
            group.Add("Action", "relayed");
            group.Add("Status", "2.0.0");
            group.Add("Remote-MTA", $"x400; {x400Domain}");
            status.StatusGroups.Add(group);
        }
        var message = new MimeMessage
        {
            Subject = "Delivery Status Notification (Relayed)",
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(hostname),
            Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = human.ToString() }, status },
        };
        message.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{hostname}"));
        message.To.Add(MailboxAddress.Parse(destination));
        message.Headers.Add("Auto-Submitted", "auto-replied");
        return message;
    }

    /// <summary>"unable-to-transfer (1), unrecognised-OR-name (0); supplementary text".</summary>
    public static string Diagnostic(NonDeliveryReport report, string? supplementary)
    {
        var text = $"{Name(report.Reason.ToString())} ({(int)report.Reason})";
        if (report.Diagnostic is { } diagnostic) text += $", {Name(diagnostic.ToString())} ({(int)diagnostic})";
        return supplementary is null ? text : $"{text}; {supplementary}";
    }

    // ASN.1 style for the enum names (UnableToTransfer -> unable-to-transfer); numbers X.411 does not name stay numbers.
    private static string Name(string member) =>
        int.TryParse(member, out _) ? "code" : string.Concat(member.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>The management domain in RFC 2156's std-or-address form: /PRMD=…/ADMD=…/C=…/.</summary>
    public static string Domain(GlobalDomainIdentifier? domain) =>
        domain is null ? "unknown" : $"{(domain.PrivateDomain is { } p ? $"/PRMD={p}" : "")}/ADMD={domain.AdministrationDomain}/C={domain.Country}/";
}
