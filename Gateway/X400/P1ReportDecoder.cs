using System.Formats.Asn1;
using static Gateway.X400.P1FieldDecoder;

namespace Gateway.X400;

/// <summary>
/// BER decoder for the MTS-APDU report alternative, with the same rules as the message decoder: any SET order,
/// indefinite lengths, constructed strings, and every failure an <see cref="X400DecodeException"/> with an offset.
/// Tags are those of Wireshark's MTAAbstractService.asn (IMPLICIT TAGS; explicit on CHOICEs and open types).
/// </summary>
internal static class P1ReportDecoder
{
    public static P1Report Read(BerCursor input)
    {
        var report = input.ReadConstructed(P1Tags.Report, "MTS-APDU", "report");
        var envelope = ReadEnvelope(report.ReadConstructed(Asn1Tag.SetOf, "report", "envelope SET (ReportTransferEnvelope)"));
        var content = ReadContent(report.ReadConstructed(Asn1Tag.SetOf, "report", "content SET (ReportTransferContent)"));
        report.ExpectEnd("report", "the content");
        return new P1Report(envelope, content);
    }

    private static P1ReportEnvelope ReadEnvelope(BerCursor set)
    {
        const string Context = "report envelope";
        MtsIdentifier? id = null;
        OrName? destination = null;
        List<TraceInformationElement>? trace = null;
        List<P1Extension> extensions = [];
        var seen = new HashSet<(TagClass, int)>();
        while (set.HasData)
        {
            var at = set.Offset;
            var tag = set.PeekTag(Context);
            CheckUnique(seen, tag, at, Context);
            switch (tag.TagClass, tag.TagValue)
            {
                case (TagClass.Application, 4):
                    id = ReadMtsIdentifier(set, "report-identifier");
                    break;
                case (TagClass.Application, 0):
                    destination = OrNameCodec.Read(set, "report-destination-name");
                    break;
                case (TagClass.Application, 9):
                    trace = ReadTrace(set.ReadConstructed(P1Tags.TraceInformation, Context, "trace-information"), at, Context, "trace-information");
                    break;
                case (TagClass.ContextSpecific, 1):
                    extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(1, constructed: true), Context, "extensions"), "report envelope extensions");
                    break;
                default:
                    set.Skip(Context, $"{BerCursor.Describe(tag)} member");
                    break;
            }
        }
        return new P1ReportEnvelope
        {
            ReportIdentifier = id ?? throw Missing(Context, "report-identifier"),
            ReportDestinationName = destination ?? throw Missing(Context, "report-destination-name"),
            Trace = trace ?? throw Missing(Context, "trace-information"),
            Extensions = extensions,
        };
    }

    private static P1ReportContent ReadContent(BerCursor set)
    {
        const string Context = "report content";
        MtsIdentifier? subject = null;
        List<TraceInformationElement> intermediate = [];
        EncodedInformationTypes? eits = null;
        X400ContentType? contentType = null;
        string? contentId = null;
        byte[]? returned = null;
        BerValue? additional = null;
        List<P1Extension> extensions = [];
        List<P1ReportRecipient>? recipients = null;
        var seen = new HashSet<(TagClass, int)>();
        while (set.HasData)
        {
            var at = set.Offset;
            var tag = set.PeekTag(Context);
            CheckUnique(seen, tag, at, Context);
            if (IsContentType(tag))
            {
                contentType = ReadContentType(set, tag, at, Context);
                continue;
            }
            switch (tag.TagClass, tag.TagValue)
            {
                case (TagClass.Application, 4):
                    subject = ReadMtsIdentifier(set, "subject-identifier");
                    break;
                case (TagClass.Application, 9):
                    intermediate = ReadTrace(set.ReadConstructed(P1Tags.TraceInformation, Context, "subject-intermediate-trace-information"), at, Context,
                        "subject-intermediate-trace-information");
                    break;
                case (TagClass.Application, 5):
                    eits = ReadEncodedInformationTypes(set, "report content: original-encoded-information-types");
                    break;
                case (TagClass.Application, 10):
                    contentId = ReadContentIdentifier(set, Context);
                    break;
                case (TagClass.ContextSpecific, 1):
                    returned = set.ReadOctetString(P1Tags.Context(1, constructed: false), Context, "returned-content");
                    break;
                case (TagClass.ContextSpecific, 2):
                    // AdditionalInformation is an open type: [2] is explicit and wraps one element of any type.
                    var wrapper = set.ReadConstructed(P1Tags.Context(2, constructed: true), Context, "additional-information");
                    if (!wrapper.HasData) throw new X400DecodeException($"{Context}: additional-information [2] at offset {at} is empty");
                    additional = BerValue.FromDecoded(wrapper.ReadRaw(Context, "additional-information"));
                    wrapper.ExpectEnd(Context, "the additional-information");
                    break;
                case (TagClass.ContextSpecific, 3):
                    extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(3, constructed: true), Context, "extensions"), "report content extensions");
                    break;
                case (TagClass.ContextSpecific, 0):
                    recipients = ReadRecipients(set.ReadConstructed(P1Tags.Context(0, constructed: true), Context, "per-recipient-fields"), at);
                    break;
                default:
                    set.Skip(Context, $"{BerCursor.Describe(tag)} member");
                    break;
            }
        }
        return new P1ReportContent
        {
            SubjectIdentifier = subject ?? throw Missing(Context, "subject-identifier"),
            SubjectIntermediateTrace = intermediate,
            OriginalEncodedInformationTypes = eits,
            ContentType = contentType,
            ContentIdentifier = contentId,
            // A null byte[] (and a bare null here) would convert to an empty, present ReadOnlyMemory.
            ReturnedContent = returned is null ? (ReadOnlyMemory<byte>?)null : returned,
            AdditionalInformation = additional,
            Extensions = extensions,
            Recipients = recipients ?? throw Missing(Context, "per-recipient-fields [0]"),
        };
    }

    private static List<P1ReportRecipient> ReadRecipients(BerCursor sequence, int at)
    {
        var list = new List<P1ReportRecipient>();
        while (sequence.HasData)
        {
            var context = $"report recipient {list.Count + 1}";
            var setAt = sequence.Offset;
            var set = sequence.ReadConstructed(Asn1Tag.SetOf, context, "PerRecipientReportTransferFields");
            OrName? actual = null;
            int? number = null;
            PerRecipientIndicators? indicators = null;
            LastTraceInformation? lastTrace = null;
            OrName? intended = null;
            string? supplementary = null;
            List<P1Extension> extensions = [];
            var seen = new HashSet<(TagClass, int)>();
            while (set.HasData)
            {
                var memberAt = set.Offset;
                var tag = set.PeekTag(context);
                CheckUnique(seen, tag, memberAt, context);
                switch (tag.TagClass == TagClass.ContextSpecific ? tag.TagValue : -1)
                {
                    case 0:
                        // [0] replaces ORName's own [APPLICATION 0] under IMPLICIT TAGS.
                        actual = OrNameCodec.Read(set, $"{context}: actual-recipient-name", P1Tags.Context(0, constructed: true));
                        break;
                    case 1:
                        number = ReadBoundedInt(set, P1Tags.Context(1, constructed: false), 1, X411.UbRecipients, context, "originally-specified-recipient-number");
                        break;
                    case 2:
                        indicators = set.ReadNamedBits<PerRecipientIndicators>(P1Tags.Context(2, constructed: false), context, "per-recipient-indicators");
                        break;
                    case 3:
                        lastTrace = ReadLastTrace(set.ReadConstructed(P1Tags.Context(3, constructed: true), context, "last-trace-information"), memberAt, context);
                        break;
                    case 4:
                        intended = OrNameCodec.Read(set, $"{context}: originally-intended-recipient-name", P1Tags.Context(4, constructed: true));
                        break;
                    case 5:
                        supplementary = set.ReadString(UniversalTagNumber.PrintableString, P1Tags.Context(5, constructed: false), context, "supplementary-information");
                        if (supplementary.Length is 0 or > X411.UbSupplementaryInfoLength)
                        {
                            throw new X400DecodeException($"{context}: supplementary-information at offset {memberAt} has {supplementary.Length} characters; X.411 allows 1..{X411.UbSupplementaryInfoLength}");
                        }
                        break;
                    case 6:
                        extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(6, constructed: true), context, "extensions"), $"{context} extensions");
                        break;
                    default:
                        set.Skip(context, $"{BerCursor.Describe(tag)} member");
                        break;
                }
            }
            if (actual is null) throw new X400DecodeException($"{context}: actual-recipient-name [0] missing in the SET at offset {setAt}");
            if (number is null) throw new X400DecodeException($"{context}: originally-specified-recipient-number [1] missing in the SET at offset {setAt}");
            if (indicators is null) throw new X400DecodeException($"{context}: per-recipient-indicators [2] missing in the SET at offset {setAt}");
            if (lastTrace is null) throw new X400DecodeException($"{context}: last-trace-information [3] missing in the SET at offset {setAt}");
            list.Add(new P1ReportRecipient
            {
                ActualRecipientName = actual,
                OriginallySpecifiedRecipientNumber = number.Value,
                Indicators = indicators.Value,
                LastTrace = lastTrace,
                OriginallyIntendedRecipientName = intended,
                SupplementaryInformation = supplementary,
                Extensions = extensions,
            });
        }
        if (list.Count == 0) throw new X400DecodeException($"report content: per-recipient-fields at offset {at} is empty; X.411 requires at least one recipient");
        return list;
    }

    private static LastTraceInformation ReadLastTrace(BerCursor set, int at, string recipient)
    {
        var context = $"{recipient}: last-trace-information";
        DateTimeOffset? arrival = null;
        EncodedInformationTypes? converted = null;
        ReportType? reportType = null;
        var seen = new HashSet<(TagClass, int)>();
        while (set.HasData)
        {
            var memberAt = set.Offset;
            var tag = set.PeekTag(context);
            CheckUnique(seen, tag, memberAt, context);
            switch (tag.TagClass, tag.TagValue)
            {
                case (TagClass.ContextSpecific, 0):
                    arrival = ReadTime(set, 0, context, "arrival-time");
                    break;
                case (TagClass.Application, 5):
                    converted = ReadEncodedInformationTypes(set, $"{context}: converted-encoded-information-types");
                    break;
                case (TagClass.ContextSpecific, 1):
                    // ReportType is a CHOICE, so [1] is explicit and holds exactly one alternative.
                    var choice = set.ReadConstructed(P1Tags.Context(1, constructed: true), context, "report-type");
                    reportType = ReadReportType(choice, memberAt, context);
                    choice.ExpectEnd(context, "the report-type alternative");
                    break;
                default:
                    set.Skip(context, $"{BerCursor.Describe(tag)} member");
                    break;
            }
        }
        if (arrival is null) throw new X400DecodeException($"{context}: arrival-time [0] missing in the SET at offset {at}");
        if (reportType is null) throw new X400DecodeException($"{context}: report-type [1] missing in the SET at offset {at}");
        return new LastTraceInformation(arrival.Value, reportType) { ConvertedEncodedInformationTypes = converted };
    }

    private static ReportType ReadReportType(BerCursor choice, int at, string context)
    {
        if (choice.IsNext(P1Tags.Context(0, constructed: true), context))
        {
            var set = choice.ReadConstructed(P1Tags.Context(0, constructed: true), context, "delivery report");
            DateTimeOffset? time = null;
            var user = MtsUserType.Public;
            var seen = new HashSet<(TagClass, int)>();
            while (set.HasData)
            {
                var memberAt = set.Offset;
                var tag = set.PeekTag(context);
                CheckUnique(seen, tag, memberAt, $"{context}: delivery report");
                switch (tag.TagClass == TagClass.ContextSpecific ? tag.TagValue : -1)
                {
                    case 0:
                        time = ReadTime(set, 0, context, "message-delivery-time");
                        break;
                    case 1:
                        user = (MtsUserType)ReadBoundedInt(set, P1Tags.Context(1, constructed: false), 0, X411.UbMtsUserTypes, context, "type-of-MTS-user");
                        break;
                    default:
                        set.Skip(context, $"{BerCursor.Describe(tag)} member of the delivery report");
                        break;
                }
            }
            if (time is null) throw new X400DecodeException($"{context}: message-delivery-time [0] missing in the delivery report at offset {at}");
            return new DeliveryReport(time.Value, user);
        }
        if (choice.IsNext(P1Tags.Context(1, constructed: true), context))
        {
            var set = choice.ReadConstructed(P1Tags.Context(1, constructed: true), context, "non-delivery report");
            int? reason = null;
            int? diagnostic = null;
            var seen = new HashSet<(TagClass, int)>();
            while (set.HasData)
            {
                var memberAt = set.Offset;
                var tag = set.PeekTag(context);
                CheckUnique(seen, tag, memberAt, $"{context}: non-delivery report");
                switch (tag.TagClass == TagClass.ContextSpecific ? tag.TagValue : -1)
                {
                    case 0:
                        reason = ReadBoundedInt(set, P1Tags.Context(0, constructed: false), 0, X411.UbReasonCodes, context, "non-delivery-reason-code");
                        break;
                    case 1:
                        diagnostic = ReadBoundedInt(set, P1Tags.Context(1, constructed: false), 0, X411.UbDiagnosticCodes, context, "non-delivery-diagnostic-code");
                        break;
                    default:
                        set.Skip(context, $"{BerCursor.Describe(tag)} member of the non-delivery report");
                        break;
                }
            }
            if (reason is null) throw new X400DecodeException($"{context}: non-delivery-reason-code [0] missing in the non-delivery report at offset {at}");
            return new NonDeliveryReport((NonDeliveryReasonCode)reason.Value, (NonDeliveryDiagnosticCode?)diagnostic);
        }
        var found = choice.HasData ? BerCursor.Describe(choice.PeekTag(context)) : "an empty report-type";
        throw new X400DecodeException($"{context}: expected delivery [0] or non-delivery [1] in report-type at offset {at}, found {found}");
    }

    private static X400DecodeException Missing(string context, string field) => new($"{context}: {field} missing");
}
