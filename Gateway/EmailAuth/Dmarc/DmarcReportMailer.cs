using System.IO.Compression;
using Gateway.EmailAuth.Dkim;
using Gateway.Smtp;
using Gateway.Smtp.Client;
using MimeKit;
using MimeKit.Utils;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>
/// Mails an aggregate report to the policy's <c>rua</c> mailto: addresses (RFC 7489 §7.2.1.1): the XML gzipped as an
/// attachment, the subject "Report Domain: … Submitter: … Report-ID: …". Only addresses in the policy domain's own
/// organisational domain are used: one elsewhere needs the external-destination check of §7.1, which is not made, so
/// it is skipped and said so.
/// </summary>
public sealed class DmarcReportMailer(SmtpNextHop nextHop, OutgoingDkim dkim, PublicSuffixList suffixes, string submitter)
{
    /// <returns>One line per address: sent, refused, or skipped and why.</returns>
    public async Task<IReadOnlyList<string>> SendAsync(WrittenReport report, CancellationToken cancellationToken)
    {
        var outcomes = new List<string>();
        foreach (var uri in report.AggregateReportAddresses)
        {
            if (!uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                outcomes.Add($"{uri}: only mailto: is supported");
                continue;
            }
            var address = uri["mailto:".Length..].Split('!')[0]; // "!10m" is a size limit (§6.2)
            var domain = address[(address.LastIndexOf('@') + 1)..];
            if (!suffixes.OrganizationalDomain(domain).Equals(suffixes.OrganizationalDomain(report.Domain), StringComparison.OrdinalIgnoreCase))
            {
                outcomes.Add($"{address}: outside {report.Domain}'s organisational domain; the external destination is not verified (RFC 7489 section 7.1), skipped");
                continue;
            }
            using var message = Message(report, address);
            var result = await nextHop.SendAsync(message, $"postmaster@{submitter}", [new SmtpRecipient(address)], MailParameters.None, cancellationToken);
            outcomes.Add($"{address}: {(result.Accepted ? "sent" : "not sent")}: {result.Reply}");
        }
        return outcomes;
    }

    private MimeMessage Message(WrittenReport report, string to)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        using (var file = File.OpenRead(report.Path))
        {
            file.CopyTo(gzip);
        }
        var attachment = new MimePart("application", "gzip")
        {
            Content = new MimeContent(new MemoryStream(compressed.ToArray())),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = Path.GetFileName(report.Path) + ".gz",
        };
        var message = new MimeMessage
        {
            Subject = $"Report Domain: {report.Domain} Submitter: {submitter} Report-ID: <{report.ReportId}>",
            Date = DateTimeOffset.UtcNow,
            MessageId = MimeUtils.GenerateMessageId(submitter),
            Body = new Multipart("mixed")
            {
                new TextPart("plain") { Text = $"DMARC aggregate report for {report.Domain}, {report.Day:yyyy-MM-dd} (UTC), from {submitter}.\r\n" },
                attachment,
            },
        };
        message.From.Add(new MailboxAddress("DMARC reports", $"postmaster@{submitter}"));
        message.To.Add(MailboxAddress.Parse(to));
        dkim.Apply(message);
        return message;
    }
}
