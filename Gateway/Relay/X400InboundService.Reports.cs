using System.Diagnostics;
using Gateway.Mime;
using Gateway.Operations;
using Gateway.Reports;
using Gateway.Smtp;
using Gateway.Smtp.Client;
using Gateway.X400;
using Gateway.X400.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Relay;

/// <summary>
/// Reports, MIXER-style: an X.400 report becomes an RFC 3464 DSN to its SMTP destination (never to the null sender,
/// never answered by another report), and an X.400 message the gateway cannot deliver is returned to its originator
/// with a P1 non-delivery report in <c>out/</c> (when its recipients asked for one), the file itself put aside.
/// </summary>
public sealed partial class X400InboundService
{
    private GlobalDomainIdentifier ReportingDomain => X400EnvelopeFactory.DomainOf(addresses.GatewayAddress);

    /// <summary>How long the file has waited, when that is longer than the maximum lifetime; else null.</summary>
    private TimeSpan? Expired(X400InboundItem item) =>
        item.HandedOverAt is { } handed && time.GetUtcNow() - handed is var age && age > settings.MaxLifetime ? age : null;

    private async Task ReportToSmtpAsync(X400InboundItem item, P1Report report, long started, CancellationToken cancellationToken)
    {
        var id = report.Envelope.ReportIdentifier.LocalIdentifier;
        var about = $"X.400 report {report.Envelope.ReportIdentifier} about message {report.Content.SubjectIdentifier}";
        var destination = report.Envelope.ReportDestinationName;
        if (OrHierarchySame(destination.Address, addresses.GatewayAddress))
        {
            // The subject came from the null reverse path (MAIL FROM:<>), which RFC 3461 §6.2 never sends a DSN to.
            await x400.RejectAsync(item, $"{about}: its destination is the null sender, which gets no DSN", cancellationToken);
            await RecordReportAsync(item, id, "rejected", $"{about}: for the null sender, no DSN", "", started);
            return;
        }
        var mailbox = addresses.ToMailbox(destination);
        using var dsn = DeliveryStatusNotifications.FromX400Report(report, mailbox, addresses.ToMailbox, policy.Hostname, time.GetUtcNow());
        dkim.Apply(dsn);
        var result = await nextHop.SendAsync(dsn, "", [new SmtpRecipient(mailbox)], new MailParameters(BodyType.SevenBit), cancellationToken);
        switch (result.Outcome)
        {
            case NextHopOutcome.Accepted:
                await x400.CompleteAsync(item, cancellationToken);
                _backoff.TryRemove(item.Name, out _);
                await RecordReportAsync(item, id, "relayed", $"{about} sent as a DSN: {result.Reply}", mailbox, started);
                break;
            case NextHopOutcome.TransientFailure when Expired(item) is null:
                await BackOffAsync(item, cancellationToken);
                await RecordReportAsync(item, id, "deferred", $"{about}: {result.Reply}", mailbox, started);
                break;
            default:
                // No report about a report: the operator finds it in failed/.
                var why = $"{about}: the DSN was not taken: {result.Reply}";
                await x400.RejectAsync(item, why, cancellationToken);
                await RecordReportAsync(item, id, "rejected", why, mailbox, started);
                break;
        }
    }

    /// <summary>
    /// A non-delivery report for <paramref name="recipients"/> to the message's originator, written to <c>out/</c>; null when
    /// there is nobody to report to (the gateway's own null sender) or no recipient asked for one.
    /// </summary>
    private async Task<P1Report?> SubmitNonDeliveryAsync(X400InboundItem item, P1Message p1, IReadOnlyList<P1Recipient> recipients, NonDeliveryReport code,
        string supplementary, CancellationToken cancellationToken)
    {
        if (OrHierarchySame(p1.Envelope.Originator.Address, addresses.GatewayAddress)) return null;
        var report = X400Reports.NonDelivery(p1, recipients, code, supplementary, ReportingDomain, item.HandedOverAt ?? time.GetUtcNow(), time.GetUtcNow());
        if (report is not null) await x400.SubmitAsync(report, cancellationToken);
        return report;
    }

    /// <summary>
    /// The message cannot be delivered: a non-delivery report to its originator goes to <c>out/</c> first (durably,
    /// under a name derived from the subject, so a repeat replaces it), then the file goes to <c>failed/</c>.
    /// </summary>
    private async Task ReturnAsync(X400InboundItem item, P1Message p1, string why, NonDeliveryReport code, SmtpBoundMessage? converted, long started,
        CancellationToken cancellationToken, SecurityFindings? findings = null, string? supplementary = null)
    {
        var responsible = p1.Envelope.Recipients.Where(r => r.Indicators.HasFlag(PerRecipientIndicators.Responsibility)).ToList();
        var report = await SubmitNonDeliveryAsync(item, p1, responsible.Count > 0 ? responsible : p1.Envelope.Recipients, code, supplementary ?? why,
            cancellationToken);
        var outcome = report is null
            ? "no report requested"
            : $"non-delivery report {report.Envelope.ReportIdentifier.LocalIdentifier} to {p1.Envelope.Originator.Address} ({DeliveryStatusNotifications.Diagnostic(code, null)})";
        await x400.RejectAsync(item, $"{why}; {outcome}", cancellationToken);
        _backoff.TryRemove(item.Name, out _);
        var record = new AuditRecord
        {
            Time = time.GetUtcNow(),
            Id = p1.Envelope.MessageIdentifier.LocalIdentifier,
            Direction = Direction,
            From = converted?.ReversePath ?? addresses.ToMailbox(p1.Envelope.Originator),
            To = converted?.Recipients ?? [.. p1.Envelope.Recipients.Select(r => addresses.ToMailbox(r.Name))],
            Kind = (converted?.Kind ?? MessageKind.X400Content).ToName(),
            Cms = converted?.Cms?.Layers ?? [],
            ContentType = converted?.ContentType ?? p1.Envelope.ContentType.ToString(),
            Action = report is null ? "rejected" : "reported",
            Reason = $"{why}; {outcome}",
            Size = item.Apdu.Length,
            Source = item.Name,
        }.WithSecurity(findings ?? SecurityFindings.NotChecked);
        await audit.WriteAsync(record, CancellationToken.None);
        metrics.Decided(record, Stopwatch.GetElapsedTime(started));
        LogDecision(logger, record.Id, item.Name, record.From, string.Join(",", record.To), record.Kind, record.Action, record.Reason ?? "");
    }

    private async Task RecordReportAsync(X400InboundItem item, string id, string action, string reason, string to, long started)
    {
        var record = new AuditRecord
        {
            Time = time.GetUtcNow(),
            Id = id,
            Direction = Direction,
            From = "",
            To = to.Length == 0 ? [] : [to],
            Kind = MessageKind.Mime.ToName(),
            Action = action,
            Reason = reason,
            Size = item.Apdu.Length,
            Source = item.Name,
        };
        await audit.WriteAsync(record, CancellationToken.None);
        metrics.Decided(record, Stopwatch.GetElapsedTime(started));
        LogDecision(logger, id, item.Name, "", to, record.Kind, action, reason);
    }

    private static bool OrHierarchySame(OrAddress a, OrAddress b) => string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);
}
