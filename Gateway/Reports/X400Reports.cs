using System.Security.Cryptography;
using System.Text;
using Gateway.X400;

namespace Gateway.Reports;

/// <summary>
/// Non-delivery reports the gateway writes towards X.400 (X.411 §12.2.2.2): for an X.400 message it could not hand to
/// SMTP, to its originator, for the recipients whose report request asks for one. The report identifier is derived from
/// the subject's identifier, so the same failure reported again (after a crash, a retry) replaces the first report
/// instead of adding a second: each report exactly once.
/// </summary>
public static class X400Reports
{
    /// <summary>The report, or null when none is due (every recipient asked for no report).</summary>
    /// <param name="arrival">When the subject reached the gateway (last-trace arrival-time).</param>
    /// <param name="supplementary">Free text for the originator (the SMTP reply); cut to a PrintableString of 256 characters.</param>
    public static P1Report? NonDelivery(P1Message subject, IReadOnlyList<P1Recipient> recipients, NonDeliveryReport why, string? supplementary,
        GlobalDomainIdentifier reportingDomain, DateTimeOffset arrival, DateTimeOffset now)
    {
        var reported = recipients.Where(r => WantsNonDelivery(r.Indicators)).ToList();
        if (reported.Count == 0) return null;
        var envelope = subject.Envelope;
        var returned = envelope.PerMessageIndicators.HasFlag(PerMessageIndicators.ContentReturnRequest);
        var content = new P1ReportContent
        {
            SubjectIdentifier = envelope.MessageIdentifier,
            ContentType = envelope.ContentType,
            ContentIdentifier = envelope.ContentIdentifier,
            OriginalEncodedInformationTypes = envelope.OriginalEncodedInformationTypes,
            Recipients =
            [
                .. reported.Select(r => new P1ReportRecipient
                {
                    ActualRecipientName = r.Name,
                    OriginallySpecifiedRecipientNumber = r.OriginallySpecifiedRecipientNumber,
                    LastTrace = new LastTraceInformation(Whole(arrival), why),
                    SupplementaryInformation = Printable(supplementary),
                }),
            ],
        };
        if (returned) content = content with { ReturnedContent = subject.Content };
        content = content.WithContentCorrelator(envelope.ContentCorrelator);
        return new P1Report(new P1ReportEnvelope
        {
            ReportIdentifier = new MtsIdentifier(reportingDomain, ReportIdentifierFor(envelope.MessageIdentifier)),
            ReportDestinationName = envelope.Originator,
            Trace = [new TraceInformationElement(reportingDomain, Whole(now), RoutingAction.Relayed)],
        }, content);
    }

    /// <summary>
    /// X.411 originator-report-request and originating-MTA-report-request: a recipient with neither asks for no report
    /// (RFC 2156's mapping of NOTIFY=NEVER); any of them asks at least for non-delivery.
    /// </summary>
    public static bool WantsNonDelivery(PerRecipientIndicators indicators) =>
        (indicators & (PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatingMtaNonDeliveryReport
                       | PerRecipientIndicators.OriginatorReport | PerRecipientIndicators.OriginatorNonDeliveryReport)) != 0;

    /// <summary>"ndr-" and 28 hex digits of the subject identifier's digest: at most 32 characters (ub-local-id).</summary>
    public static string ReportIdentifierFor(MtsIdentifier subject)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject.Domain}|{subject.LocalIdentifier}"));
        return "ndr-" + Convert.ToHexStringLower(digest)[..28];
    }

    private static DateTimeOffset Whole(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string? Printable(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var printable = new string([.. text.Select(c => X411.IsPrintable(c) ? c : ' ')]).Trim();
        while (printable.Contains("  ", StringComparison.Ordinal)) printable = printable.Replace("  ", " ", StringComparison.Ordinal);
        return printable.Length == 0 ? null : printable[..Math.Min(256, printable.Length)];
    }
}
