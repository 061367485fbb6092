using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// BER decoder for the MTS-APDU message alternative. It accepts any SET member order, indefinite lengths and
/// constructed strings, skips envelope members the gateway does not model, and reports every problem as an
/// <see cref="X400DecodeException"/> that names the element and its offset.
/// </summary>
internal static class P1Decoder
{
    public static P1Message Decode(ReadOnlyMemory<byte> data)
    {
        const string Apdu = "MTS-APDU";
        var input = BerCursor.Over(data);
        if (!input.HasData) throw new X400DecodeException("MTS-APDU: the input is empty");
        var tag = input.PeekTag(Apdu);
        if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 2)
        {
            var which = tag.TagValue == 1 ? "report [1]" : "probe [2]";
            throw new X400DecodeException($"MTS-APDU: {which} at offset 0 is not supported; only message [0] is");
        }
        var message = input.ReadConstructed(P1Tags.Message, Apdu, "message");
        if (input.HasData) throw new X400DecodeException($"trailing bytes after MTS-APDU: {input.RemainingLength} bytes at offset {input.Offset}");

        var envelope = ReadEnvelope(message.ReadConstructed(Asn1Tag.SetOf, "message", "envelope SET"));
        var content = message.ReadOctetString(Asn1Tag.PrimitiveOctetString, "message", "content OCTET STRING");
        message.ExpectEnd("message", "the content");
        return new P1Message(envelope, content);
    }

    public static OrName DecodeOrName(ReadOnlyMemory<byte> data)
    {
        var input = BerCursor.Over(data);
        var name = OrNameCodec.Read(input, "ORName");
        if (input.HasData) throw new X400DecodeException($"trailing bytes after ORName: {input.RemainingLength} bytes at offset {input.Offset}");
        return name;
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
        List<TraceInformationElement>? trace = null;
        List<int> extensions = [];
        List<P1Recipient>? recipients = null;
        var seen = new HashSet<(TagClass, int)>();

        while (set.HasData)
        {
            var at = set.Offset;
            var tag = set.PeekTag(Context);
            var isContentType = tag.TagClass == TagClass.Universal
                ? tag.TagValue is (int)UniversalTagNumber.ObjectIdentifier or (int)UniversalTagNumber.RelativeObjectIdentifier
                : tag.TagClass == TagClass.Application && tag.TagValue == 6;
            // The three content-type alternatives share one key so that two of them count as a duplicate.
            if (!seen.Add(isContentType ? (TagClass.Application, 6) : (tag.TagClass, tag.TagValue)))
            {
                throw new X400DecodeException($"{Context}: {BerCursor.Describe(tag)} at offset {at} appears more than once");
            }
            if (isContentType)
            {
                contentType = ReadContentType(set, tag, at);
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
                    contentId = set.ReadString(UniversalTagNumber.PrintableString, P1Tags.ContentIdentifier, Context, "content-identifier");
                    break;
                case (TagClass.Application, 7):
                    priority = set.ReadEnumerated<Priority>(P1Tags.Priority, Context, "priority");
                    if (!Enum.IsDefined(priority)) throw new X400DecodeException($"{Context}: priority {(int)priority} at offset {at} is not normal(0), non-urgent(1) or urgent(2)");
                    break;
                case (TagClass.Application, 8):
                    indicators = set.ReadNamedBits<PerMessageIndicators>(P1Tags.PerMessageIndicators, Context, "per-message-indicators");
                    break;
                case (TagClass.Application, 9):
                    trace = ReadTrace(set.ReadConstructed(P1Tags.TraceInformation, Context, "trace-information"), at);
                    break;
                case (TagClass.ContextSpecific, 3):
                    extensions = ReadExtensions(set.ReadConstructed(P1Tags.Context(3, constructed: true), Context, "extensions"));
                    break;
                case (TagClass.ContextSpecific, 2):
                    recipients = ReadRecipients(set.ReadConstructed(P1Tags.Context(2, constructed: true), Context, "per-recipient-fields"), at);
                    break;
                default:
                    // deferred-delivery-time [0], per-domain-bilateral-information [1] and later additions.
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
            Trace = trace ?? throw Missing("trace-information"),
            Recipients = recipients ?? throw Missing("per-recipient-fields"),
            StandardExtensions = extensions,
        };

        static X400DecodeException Missing(string field) => new($"envelope: {field} missing");
    }

    private static X400ContentType ReadContentType(BerCursor set, Asn1Tag tag, int at)
    {
        const string Context = "envelope";
        if (tag.TagClass == TagClass.Application)
        {
            var value = set.ReadInt32(P1Tags.BuiltInContentType, Context, "built-in content-type");
            if (value is < 0 or > 32767) throw new X400DecodeException($"{Context}: built-in content-type {value} at offset {at} is outside 0..32767");
            return X400ContentType.FromBuiltIn(value);
        }
        if (tag.TagValue == (int)UniversalTagNumber.ObjectIdentifier)
        {
            var oid = set.ReadObjectIdentifier(P1Tags.ObjectIdentifier, Context, "extended content-type");
            // FromOid throws ArgumentException for anything IsDottedOid refuses; every decode failure must stay an X400DecodeException.
            return X400ContentType.IsDottedOid(oid)
                ? X400ContentType.FromOid(oid)
                : throw new X400DecodeException($"{Context}: extended content-type {oid} at offset {at} is not an object identifier X400ContentType accepts");
        }
        // Later X.411 editions declare ExtendedContentType as RELATIVE-OID; a peer generated from them sends the
        // full arcs with tag 13. Its dotted text is the content type when it reads as a complete OID.
        var text = set.ReadRelativeObjectIdentifier(Context, "extended content-type (RELATIVE-OID)");
        return X400ContentType.IsDottedOid(text)
            ? X400ContentType.FromOid(text)
            : throw new X400DecodeException($"{Context}: extended content-type RELATIVE-OID {text} at offset {at} is not a complete object identifier");
    }

    private static MtsIdentifier ReadMtsIdentifier(BerCursor input, string context)
    {
        var id = input.ReadConstructed(P1Tags.MtsIdentifier, context, "MTSIdentifier");
        var domain = ReadGlobalDomainIdentifier(id, context);
        var local = id.ReadString(UniversalTagNumber.IA5String, P1Tags.Ia5String, context, "local-identifier");
        id.ExpectEnd(context, "the local-identifier");
        return new MtsIdentifier(domain, local);
    }

    private static GlobalDomainIdentifier ReadGlobalDomainIdentifier(BerCursor input, string context)
    {
        var gdi = input.ReadConstructed(P1Tags.GlobalDomainIdentifier, context, "global-domain-identifier");
        var country = OrNameCodec.ReadExplicitDomainString(gdi, P1Tags.CountryName, context, "country-name");
        var admd = OrNameCodec.ReadExplicitDomainString(gdi, P1Tags.AdministrationDomainName, context, "administration-domain-name");
        var prmd = gdi.HasData ? gdi.ReadNumericOrPrintable(context, "private-domain-identifier") : null;
        gdi.ExpectEnd(context, "the global-domain-identifier");
        return new GlobalDomainIdentifier(country, admd, prmd);
    }

    private static EncodedInformationTypes ReadEncodedInformationTypes(BerCursor input, string context)
    {
        var set = input.ReadConstructed(P1Tags.EncodedInformationTypes, context, "EncodedInformationTypes");
        BuiltInEncodedInformationTypes? builtIn = null;
        List<string> extended = [];
        while (set.HasData)
        {
            var tag = set.PeekTag(context);
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0 && builtIn is null)
            {
                builtIn = set.ReadNamedBits<BuiltInEncodedInformationTypes>(P1Tags.Context(0, constructed: false), context, "built-in-encoded-information-types");
            }
            else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 4)
            {
                var oids = set.ReadConstructed(P1Tags.Context(4, constructed: true), context, "extended-encoded-information-types");
                while (oids.HasData) extended.Add(oids.ReadObjectIdentifier(P1Tags.ObjectIdentifier, context, "extended-encoded-information-type"));
            }
            else
            {
                // The non-basic parameters [1] g3Fax, [2] teletex, [3] g4-class-1 are not modelled.
                set.Skip(context, $"{BerCursor.Describe(tag)} member");
            }
        }
        if (builtIn is null) throw new X400DecodeException($"{context}: built-in-encoded-information-types [0] missing");
        return new EncodedInformationTypes(builtIn.Value, extended);
    }

    private static List<TraceInformationElement> ReadTrace(BerCursor sequence, int at)
    {
        var list = new List<TraceInformationElement>();
        while (sequence.HasData)
        {
            var context = $"trace-information entry {list.Count + 1}";
            var element = sequence.ReadConstructed(Asn1Tag.Sequence, context, "TraceInformationElement");
            var domain = ReadGlobalDomainIdentifier(element, context);
            var infoAt = element.Offset;
            var info = element.ReadConstructed(Asn1Tag.SetOf, context, "domain-supplied-information");
            element.ExpectEnd(context, "the domain-supplied-information");
            DateTimeOffset? arrival = null;
            RoutingAction? action = null;
            while (info.HasData)
            {
                var tag = info.PeekTag(context);
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0 && arrival is null)
                {
                    arrival = info.ReadUtcTime(P1Tags.Context(0, constructed: false), context, "arrival-time");
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 2 && action is null)
                {
                    var actionAt = info.Offset;
                    action = info.ReadEnumerated<RoutingAction>(P1Tags.Context(2, constructed: false), context, "routing-action");
                    if (!Enum.IsDefined(action.Value)) throw new X400DecodeException($"{context}: routing-action {(int)action.Value} at offset {actionAt} is not relayed(0) or rerouted(1)");
                }
                else
                {
                    // attempted-domain and the additional actions are not modelled.
                    info.Skip(context, $"{BerCursor.Describe(tag)} member");
                }
            }
            if (arrival is null) throw new X400DecodeException($"{context}: arrival-time [0] missing in domain-supplied-information at offset {infoAt}");
            if (action is null) throw new X400DecodeException($"{context}: routing-action [2] missing in domain-supplied-information at offset {infoAt}");
            list.Add(new TraceInformationElement(domain, arrival.Value, action.Value));
        }
        if (list.Count == 0) throw new X400DecodeException($"envelope: trace-information at offset {at} is empty; X.411 requires at least one entry");
        return list;
    }

    private static List<int> ReadExtensions(BerCursor set)
    {
        const string Context = "envelope extensions";
        var numbers = new List<int>();
        while (set.HasData)
        {
            var field = set.ReadConstructed(Asn1Tag.Sequence, Context, "ExtensionField");
            var typeAt = field.Offset;
            var tag = field.HasData ? field.PeekTag(Context) : default;
            if (field.HasData && tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0)
            {
                numbers.Add(field.ReadInt32(P1Tags.Context(0, constructed: false), Context, "standard-extension"));
            }
            else if (field.HasData && tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 3)
            {
                // A private extension has no place in P1Envelope.
                field.Skip(Context, "private-extension");
            }
            else
            {
                var found = field.HasData ? BerCursor.Describe(tag) : "end of the ExtensionField";
                throw new X400DecodeException($"{Context}: expected [0] standard-extension or [3] private-extension at offset {typeAt}, found {found}");
            }
            // criticality [1] and value [2] are not modelled.
            while (field.HasData) field.Skip(Context, "ExtensionField member");
        }
        return numbers;
    }

    private static List<P1Recipient> ReadRecipients(BerCursor sequence, int at)
    {
        var list = new List<P1Recipient>();
        while (sequence.HasData)
        {
            var context = $"recipient {list.Count + 1}";
            var setAt = sequence.Offset;
            var set = sequence.ReadConstructed(Asn1Tag.SetOf, context, "PerRecipientMessageTransferFields");
            OrName? name = null;
            int? number = null;
            PerRecipientIndicators? indicators = null;
            while (set.HasData)
            {
                var memberAt = set.Offset;
                var tag = set.PeekTag(context);
                if (tag.TagClass == TagClass.Application && tag.TagValue == 0 && name is null)
                {
                    name = OrNameCodec.Read(set, context);
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 0 && number is null)
                {
                    number = set.ReadInt32(P1Tags.Context(0, constructed: false), context, "originally-specified-recipient-number");
                }
                else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 1 && indicators is null)
                {
                    indicators = set.ReadNamedBits<PerRecipientIndicators>(P1Tags.Context(1, constructed: false), context, "per-recipient-indicators");
                }
                else if ((tag.TagClass == TagClass.Application && tag.TagValue == 0) || (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 0 or 1))
                {
                    throw new X400DecodeException($"{context}: {BerCursor.Describe(tag)} at offset {memberAt} appears more than once");
                }
                else
                {
                    // explicit-conversion [2] and per-recipient extensions [3] are not modelled.
                    set.Skip(context, $"{BerCursor.Describe(tag)} member");
                }
            }
            if (name is null) throw new X400DecodeException($"{context}: recipient-name missing in the SET at offset {setAt}");
            if (number is null) throw new X400DecodeException($"{context}: originally-specified-recipient-number [0] missing in the SET at offset {setAt}");
            if (indicators is null) throw new X400DecodeException($"{context}: per-recipient-indicators [1] missing in the SET at offset {setAt}");
            list.Add(new P1Recipient(name, number.Value, indicators.Value));
        }
        if (list.Count == 0) throw new X400DecodeException($"envelope: per-recipient-fields at offset {at} is empty; X.411 requires at least one recipient");
        return list;
    }
}
