using Gateway.Smtp;
using Gateway.X400;

namespace Gateway.Reports;

/// <summary>
/// RFC 3461 DSN requests as X.411 report requests (RFC 2156's mapping): NOTIFY decides per recipient what the X.400 side
/// reports back, RET=FULL asks for the content back in a non-delivery report, ENVID travels as the content-correlator
/// and returns in the report, which the gateway turns into the DSN's Original-Envelope-Id.
/// </summary>
public static class ReportRequests
{
    /// <summary>
    /// The report request bits (originator and originating MTA alike) for one recipient: SUCCESS asks for delivery reports
    /// too; NEVER, and anything from the null reverse path (a bounce must not bounce), asks for none; otherwise failures.
    /// DELAY has no X.400 equivalent.
    /// </summary>
    public static PerRecipientIndicators ForNotify(DsnNotify notify, bool nullSender)
    {
        if (nullSender || notify.HasFlag(DsnNotify.Never)) return PerRecipientIndicators.None;
        return notify.HasFlag(DsnNotify.Success)
            ? PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatorReport
            : PerRecipientIndicators.OriginatingMtaNonDeliveryReport | PerRecipientIndicators.OriginatorNonDeliveryReport;
    }

    public static PerMessageIndicators ForReturn(DsnReturn ret) => ret == DsnReturn.Full ? PerMessageIndicators.ContentReturnRequest : PerMessageIndicators.None;

    /// <summary>ENVID as an IA5String content-correlator; null when there is none or it is not ASCII.</summary>
    public static ContentCorrelator? ForEnvelopeId(string? envelopeId) =>
        envelopeId is { Length: > 0 } id && id.All(char.IsAscii) ? ContentCorrelator.FromIa5Text(id) : null;
}
