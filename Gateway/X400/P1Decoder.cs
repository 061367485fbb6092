using System.Formats.Asn1;
using static Gateway.X400.P1FieldDecoder;

namespace Gateway.X400;

/// <summary>
/// BER decoder for the MTS-APDU: dispatches on the CHOICE tag and decodes the message alternative. It accepts any SET
/// member order, indefinite lengths and constructed strings, keeps every member X.411 defines (unmodelled ones as their
/// BER), skips members X.411 does not define, and reports every problem as an <see cref="X400DecodeException"/> that
/// names the element and its offset.
/// </summary>
internal static class P1Decoder
{
    private const string Apdu = "MTS-APDU";

    public static MtsApdu DecodeApdu(ReadOnlyMemory<byte> data)
    {
        var input = BerCursor.Over(data);
        if (!input.HasData) throw new X400DecodeException("MTS-APDU: the input is empty");
        var tag = input.PeekTag(Apdu);
        MtsApdu apdu = (tag.TagClass, tag.TagValue) switch
        {
            (TagClass.ContextSpecific, 0) => ReadMessage(input),
            (TagClass.ContextSpecific, 1) => P1ReportDecoder.Read(input),
            (TagClass.ContextSpecific, 2) => throw new X400DecodeException("MTS-APDU: probe [2] at offset 0 is not supported; only message [0] and report [1] are"),
            _ => throw new X400DecodeException($"MTS-APDU: expected [0] message or [1] report at offset 0, found {BerCursor.Describe(tag)}"),
        };
        ExpectEndOfInput(input);
        CheckEncodable(apdu);
        return apdu;
    }

    public static P1Message Decode(ReadOnlyMemory<byte> data)
    {
        var input = BerCursor.Over(data);
        if (!input.HasData) throw new X400DecodeException("MTS-APDU: the input is empty");
        var tag = input.PeekTag(Apdu);
        if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 1)
        {
            throw new X400DecodeException("MTS-APDU: report [1] at offset 0 is a report, not a message; decode it with DecodeApdu");
        }
        if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 2)
        {
            throw new X400DecodeException("MTS-APDU: probe [2] at offset 0 is not supported; only message [0] is");
        }
        var message = ReadMessage(input);
        ExpectEndOfInput(input);
        CheckEncodable(message);
        return message;
    }

    public static OrName DecodeOrName(ReadOnlyMemory<byte> data)
    {
        var input = BerCursor.Over(data);
        var name = OrNameCodec.Read(input, "ORName");
        if (input.HasData) throw new X400DecodeException($"trailing bytes after ORName: {input.RemainingLength} bytes at offset {input.Offset}");
        return name;
    }

    /// <summary>
    /// What the gateway takes in it must be able to write out again: a report to the originator carries the message's
    /// identifiers, names and trace. So a value the encoder refuses (a country name that is neither letters nor digits, an
    /// attribute over its X.411 upper bound, a recipient number used twice) is refused here, in the encoder's words. For a
    /// message only the envelope is written; the content could be hundreds of megabytes and the encoder takes it as it is.
    /// </summary>
    private static void CheckEncodable(MtsApdu apdu)
    {
        try
        {
            _ = apdu is P1Message message ? P1Encoder.EncodeHead(message.Envelope, message.Content.Length) : MtsApduCodec.Encode(apdu);
        }
        catch (ArgumentException e)
        {
            var why = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new X400DecodeException($"MTS-APDU: {(apdu is P1Report ? "report" : "envelope")} not valid X.411: {why}", e);
        }
    }

    private static void ExpectEndOfInput(BerCursor input)
    {
        if (input.HasData) throw new X400DecodeException($"trailing bytes after MTS-APDU: {input.RemainingLength} bytes at offset {input.Offset}");
    }

    private static P1Message ReadMessage(BerCursor input)
    {
        var message = input.ReadConstructed(P1Tags.Message, Apdu, "message");
        var envelope = ReadEnvelope(message.ReadConstructed(Asn1Tag.SetOf, "message", "envelope SET"));
        var content = message.ReadOctetStringInPlace(Asn1Tag.PrimitiveOctetString, "message", "content OCTET STRING");
        message.ExpectEnd("message", "the content");
        return new P1Message(envelope, content);
    }

    private static P1Envelope ReadEnvelope(BerCursor set)
    {
        const string Context = "envelope";
        MtsIdentifier? messageId = null;
        OrName? originator = null;
        EncodedInformationTypes? eits = null;
        X400ContentType? contentType = null;
        string? contentId = null;
        var priority = Priority.Normal;
        var indicators = PerMessageIndicators.None;
        DateTimeOffset? deferred = null;
        List<BerValue> bilateral = [];
        List<TraceInformationElement>? trace = null;
        List<P1Extension> extensions = [];
        List<P1Recipient>? recipients = null;
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
                    messageId = ReadMtsIdentifier(set, "message-identifier");
                    break;
                case (TagClass.Application, 0):
                    originator = OrNameCodec.Read(set, "originator-name");
                    break;
                case (TagClass.Application, 5):
                    eits = ReadEncodedInformationTypes(set, "original-encoded-information-types");
                    break;
                case (TagClass.Application, 10):
                    contentId = ReadContentIdentifier(set, Context);
                    break;
                case (TagClass.Application, 7):
                    priority = set.ReadEnumerated<Priority>(P1Tags.Priority, Context, "priority");
                    if (!Enum.IsDefined(priority)) throw new X400DecodeException($"{Context}: priority {(int)priority} at offset {at} is not normal(0), non-urgent(1) or urgent(2)");
                    break;
                case (TagClass.Application, 8):
                    indicators = set.ReadNamedBits<PerMessageIndicators>(P1Tags.PerMessageIndicators, Context, "per-message-indicators");
                    break;
                case (TagClass.ContextSpecific, 0):
                    deferred = ReadTime(set, 0, Context, "deferred-delivery-time");
                    break;
                case (TagClass.ContextSpecific, 1):
                    bilateral = ReadBilateralInformation(set.ReadConstructed(P1Tags.Context(1, constructed: true), Context, "per-domain-bilateral-information"), at);
                    break;
                case (TagClass.Application, 9):
                    trace = ReadTrace(set.ReadConstructed(P1Tags.TraceInformation, Context, "trace-information"), at, Context, "trace-information");
                    break;
                case (TagClass.ContextSpecific, 3):
                    extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(3, constructed: true), Context, "extensions"), "envelope extensions");
                    break;
                case (TagClass.ContextSpecific, 2):
                    recipients = ReadRecipients(set.ReadConstructed(P1Tags.Context(2, constructed: true), Context, "per-recipient-fields"), at);
                    break;
                default:
                    // Not a member of the 1999 MessageTransferEnvelope: there is nothing to relay it as.
                    set.Skip(Context, $"{BerCursor.Describe(tag)} member");
                    break;
            }
        }

        return new P1Envelope
        {
            MessageIdentifier = messageId ?? throw Missing("message-identifier"),
            Originator = originator ?? throw Missing("originator-name"),
            OriginalEncodedInformationTypes = eits,
            ContentType = contentType ?? throw Missing("content-type"),
            ContentIdentifier = contentId,
            Priority = priority,
            PerMessageIndicators = indicators,
            DeferredDeliveryTime = deferred,
            PerDomainBilateralInformation = bilateral,
            Trace = trace ?? throw Missing("trace-information"),
            Recipients = recipients ?? throw Missing("per-recipient-fields"),
            Extensions = extensions,
        };

        static X400DecodeException Missing(string field) => new($"envelope: {field} missing");
    }

    private static List<BerValue> ReadBilateralInformation(BerCursor sequence, int at)
    {
        const string Context = "per-domain-bilateral-information";
        var list = new List<BerValue>();
        while (sequence.HasData)
        {
            var entryAt = sequence.Offset;
            if (!sequence.IsNext(Asn1Tag.Sequence, Context) || !sequence.PeekTag(Context).IsConstructed)
            {
                throw new X400DecodeException($"{Context}: expected a PerDomainBilateralInformation SEQUENCE at offset {entryAt}, found {BerCursor.Describe(sequence.PeekTag(Context))}");
            }
            list.Add(BerValue.FromDecoded(sequence.ReadRaw(Context, "PerDomainBilateralInformation")));
        }
        if (list.Count == 0) throw new X400DecodeException($"envelope: per-domain-bilateral-information at offset {at} is empty; X.411 requires at least one entry");
        return list;
    }

    private static List<P1Recipient> ReadRecipients(BerCursor sequence, int at)
    {
        var list = new List<P1Recipient>();
        while (sequence.HasData)
        {
            if (list.Count == X411.UbRecipients)
            {
                // SEQUENCE SIZE (1..ub-recipients): past it, every recipient would become an RCPT at the next hop.
                throw new X400DecodeException($"envelope: per-recipient-fields at offset {at} holds more than {X411.UbRecipients} recipients (ub-recipients)");
            }
            var context = $"recipient {list.Count + 1}";
            var setAt = sequence.Offset;
            var set = sequence.ReadConstructed(Asn1Tag.SetOf, context, "PerRecipientMessageTransferFields");
            OrName? name = null;
            int? number = null;
            PerRecipientIndicators? indicators = null;
            int? conversion = null;
            List<P1Extension> extensions = [];
            var seen = new HashSet<(TagClass, int)>();
            while (set.HasData)
            {
                var memberAt = set.Offset;
                var tag = set.PeekTag(context);
                CheckUnique(seen, tag, memberAt, context);
                switch (tag.TagClass, tag.TagValue)
                {
                    case (TagClass.Application, 0):
                        name = OrNameCodec.Read(set, context);
                        break;
                    case (TagClass.ContextSpecific, 0):
                        number = ReadBoundedInt(set, P1Tags.Context(0, constructed: false), 1, X411.UbRecipients, context, "originally-specified-recipient-number");
                        break;
                    case (TagClass.ContextSpecific, 1):
                        indicators = set.ReadNamedBits<PerRecipientIndicators>(P1Tags.Context(1, constructed: false), context, "per-recipient-indicators");
                        break;
                    case (TagClass.ContextSpecific, 2):
                        conversion = ReadBoundedInt(set, P1Tags.Context(2, constructed: false), 0, X411.UbIntegerOptions, context, "explicit-conversion");
                        break;
                    case (TagClass.ContextSpecific, 3):
                        extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(3, constructed: true), context, "extensions"), $"{context} extensions");
                        break;
                    default:
                        set.Skip(context, $"{BerCursor.Describe(tag)} member");
                        break;
                }
            }
            if (name is null) throw new X400DecodeException($"{context}: recipient-name missing in the SET at offset {setAt}");
            if (number is null) throw new X400DecodeException($"{context}: originally-specified-recipient-number [0] missing in the SET at offset {setAt}");
            if (indicators is null) throw new X400DecodeException($"{context}: per-recipient-indicators [1] missing in the SET at offset {setAt}");
            list.Add(new P1Recipient(name, number.Value, indicators.Value) { ExplicitConversion = conversion, Extensions = extensions });
        }
        if (list.Count == 0) throw new X400DecodeException($"envelope: per-recipient-fields at offset {at} is empty; X.411 requires at least one recipient");
        return list;
    }
}
