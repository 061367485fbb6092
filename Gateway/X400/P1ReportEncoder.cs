using System.Formats.Asn1;
using static Gateway.X400.P1FieldEncoder;

namespace Gateway.X400;

/// <summary>
/// DER encoder for the MTS-APDU report alternative: <c>report [1] SEQUENCE { ReportTransferEnvelope SET,
/// ReportTransferContent SET }</c>. Invalid values raise <see cref="ArgumentException"/> naming the field.
/// </summary>
internal static class P1ReportEncoder
{
    public static byte[] Encode(P1Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(report.Envelope, nameof(report) + "." + nameof(report.Envelope));
        ArgumentNullException.ThrowIfNull(report.Content, nameof(report) + "." + nameof(report.Content));
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(P1Tags.Report))
        {
            WriteEnvelope(w, report.Envelope);
            WriteContent(w, report.Content);
        }
        return w.Encode();
    }

    private static void WriteEnvelope(AsnWriter w, P1ReportEnvelope e)
    {
        const string Context = "report envelope";
        ArgumentNullException.ThrowIfNull(e.ReportIdentifier, "report envelope.ReportIdentifier");
        var members = new List<byte[]>
        {
            DerSet.Member(x => WriteMtsIdentifier(x, e.ReportIdentifier, "report-identifier")),
            DerSet.Member(x => OrNameCodec.Write(x, e.ReportDestinationName, "report-destination-name")),
            DerSet.Member(x => WriteTrace(x, e.Trace, Context, "trace-information")),
        };
        // ReportTransferEnvelope tags its extensions [1], where the message envelope uses [3].
        if (e.Extensions.Count > 0) members.Add(DerSet.Member(x => WriteExtensions(x, e.Extensions, P1Tags.Context(1, constructed: true), "report envelope extensions")));
        DerSet.Write(w, Asn1Tag.SetOf, members);
    }

    private static void WriteContent(AsnWriter w, P1ReportContent c)
    {
        const string Context = "report content";
        ArgumentNullException.ThrowIfNull(c.SubjectIdentifier, "report content.SubjectIdentifier");
        var members = new List<byte[]>
        {
            DerSet.Member(x => WriteMtsIdentifier(x, c.SubjectIdentifier, "subject-identifier")),
            DerSet.Member(x => WriteRecipients(x, c.Recipients)),
        };
        if (c.SubjectIntermediateTrace.Count > 0)
        {
            members.Add(DerSet.Member(x => WriteTrace(x, c.SubjectIntermediateTrace, Context, "subject-intermediate-trace-information")));
        }
        if (c.OriginalEncodedInformationTypes is { } eits)
        {
            members.Add(DerSet.Member(x => WriteEncodedInformationTypes(x, eits, "report content: original-encoded-information-types")));
        }
        if (c.ContentType is { } contentType) members.Add(DerSet.Member(x => WriteContentType(x, contentType)));
        if (c.ContentIdentifier is { } contentId) members.Add(ContentIdentifier(contentId, "report content: content-identifier"));
        if (c.ReturnedContent is { } returned) members.Add(DerSet.Member(x => x.WriteOctetString(returned.Span, P1Tags.Context(1, constructed: false))));
        // AdditionalInformation is an open type, so its [2] is explicit.
        if (c.AdditionalInformation is { } additional) members.Add(Wrap(P1Tags.Context(2, constructed: true), [additional]));
        if (c.Extensions.Count > 0) members.Add(DerSet.Member(x => WriteExtensions(x, c.Extensions, P1Tags.Context(3, constructed: true), "report content extensions")));
        DerSet.Write(w, Asn1Tag.SetOf, members);
    }

    private static void WriteRecipients(AsnWriter w, IReadOnlyList<P1ReportRecipient> recipients)
    {
        if (recipients is null || recipients.Count == 0) throw new ArgumentException("report content: per-recipient-fields needs at least one recipient");
        for (var i = 0; i < recipients.Count; i++)
        {
            if (recipients[i] is null) throw new ArgumentException($"report content: recipient {i + 1} is null");
        }
        CheckRecipientNumbers(recipients.Select(r => r.OriginallySpecifiedRecipientNumber), "report recipient");
        using (w.PushSequence(P1Tags.Context(0, constructed: true)))
        {
            for (var i = 0; i < recipients.Count; i++)
            {
                var r = recipients[i];
                var context = $"report recipient {i + 1}";
                ArgumentNullException.ThrowIfNull(r.LastTrace, $"{context}.LastTrace");
                // Under IMPLICIT TAGS the [0] and [4] replace ORName's [APPLICATION 0].
                var members = new List<byte[]>
                {
                    DerSet.Member(x => OrNameCodec.Write(x, r.ActualRecipientName, $"{context}: actual-recipient-name", P1Tags.Context(0, constructed: true))),
                    DerSet.Member(x => x.WriteInteger(r.OriginallySpecifiedRecipientNumber, P1Tags.Context(1, constructed: false))),
                    DerSet.Member(x => DerScalars.WriteNamedBits(x, (int)r.Indicators, P1Tags.Context(2, constructed: false), minimumBits: 8)),
                    DerSet.Member(x => WriteLastTrace(x, r.LastTrace, context)),
                };
                if (r.OriginallyIntendedRecipientName is { } intended)
                {
                    members.Add(DerSet.Member(x => OrNameCodec.Write(x, intended, $"{context}: originally-intended-recipient-name", P1Tags.Context(4, constructed: true))));
                }
                if (r.SupplementaryInformation is { } info)
                {
                    Check(X411.CheckPrintable($"{context}: supplementary-information", info, 1, X411.UbSupplementaryInfoLength));
                    members.Add(DerSet.Member(x => x.WriteCharacterString(UniversalTagNumber.PrintableString, info, P1Tags.Context(5, constructed: false))));
                }
                if (r.Extensions.Count > 0)
                {
                    members.Add(DerSet.Member(x => WriteExtensions(x, r.Extensions, P1Tags.Context(6, constructed: true), $"{context} extensions")));
                }
                DerSet.Write(w, Asn1Tag.SetOf, members);
            }
        }
    }

    private static void WriteLastTrace(AsnWriter w, LastTraceInformation trace, string context)
    {
        var arrival = UtcTime(trace.ArrivalTime, $"{context}: arrival-time");
        var members = new List<byte[]>
        {
            DerSet.Member(x => x.WriteUtcTime(arrival, P1Tags.Context(0, constructed: false))),
            // ReportType is a CHOICE, so its [1] is explicit and wraps the [0] or [1] alternative.
            DerSet.Member(x =>
            {
                using (x.PushSequence(P1Tags.Context(1, constructed: true))) WriteReportType(x, trace.ReportType, context);
            }),
        };
        if (trace.ConvertedEncodedInformationTypes is { } converted)
        {
            members.Add(DerSet.Member(x => WriteEncodedInformationTypes(x, converted, $"{context}: converted-encoded-information-types")));
        }
        DerSet.Write(w, P1Tags.Context(3, constructed: true), members);
    }

    private static void WriteReportType(AsnWriter w, ReportType reportType, string context)
    {
        switch (reportType)
        {
            case DeliveryReport delivery:
            {
                var time = UtcTime(delivery.MessageDeliveryTime, $"{context}: message-delivery-time");
                var user = (int)delivery.TypeOfMtsUser;
                if (user is < 0 or > X411.UbMtsUserTypes) throw new ArgumentException($"{context}: type-of-MTS-user {user} is outside 0..{X411.UbMtsUserTypes}");
                var members = new List<byte[]> { DerSet.Member(x => x.WriteUtcTime(time, P1Tags.Context(0, constructed: false))) };
                // type-of-MTS-user DEFAULT public: DER omits it then.
                if (user != (int)MtsUserType.Public) members.Add(DerSet.Member(x => x.WriteInteger(user, P1Tags.Context(1, constructed: false))));
                DerSet.Write(w, P1Tags.Context(0, constructed: true), members);
                break;
            }
            case NonDeliveryReport nonDelivery:
            {
                var reason = (int)nonDelivery.Reason;
                if (reason is < 0 or > X411.UbReasonCodes) throw new ArgumentException($"{context}: non-delivery-reason-code {reason} is outside 0..{X411.UbReasonCodes}");
                var members = new List<byte[]> { DerSet.Member(x => x.WriteInteger(reason, P1Tags.Context(0, constructed: false))) };
                if (nonDelivery.Diagnostic is { } diagnostic)
                {
                    var code = (int)diagnostic;
                    if (code is < 0 or > X411.UbDiagnosticCodes) throw new ArgumentException($"{context}: non-delivery-diagnostic-code {code} is outside 0..{X411.UbDiagnosticCodes}");
                    members.Add(DerSet.Member(x => x.WriteInteger(code, P1Tags.Context(1, constructed: false))));
                }
                DerSet.Write(w, P1Tags.Context(1, constructed: true), members);
                break;
            }
            default:
                throw new ArgumentException($"{context}: report-type is {(reportType is null ? "missing" : reportType.GetType().Name)}; it must be a DeliveryReport or a NonDeliveryReport");
        }
    }
}
