using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// BER readers for the X.411 parameter types that messages and reports share. Every failure is an
/// <see cref="X400DecodeException"/> naming the element and its offset; nothing here recurses on the input's nesting.
/// </summary>
internal static class P1FieldDecoder
{
    /// <summary>Whether a SET member is the untagged ContentType CHOICE: [APPLICATION 6] INTEGER, OID, or (tolerated) RELATIVE-OID.</summary>
    public static bool IsContentType(Asn1Tag tag) => tag.TagClass == TagClass.Universal
        ? tag.TagValue is (int)UniversalTagNumber.ObjectIdentifier or (int)UniversalTagNumber.RelativeObjectIdentifier
        : tag.TagClass == TagClass.Application && tag.TagValue == 6;

    /// <summary>
    /// Registers a SET member's tag and refuses a second one. The three content-type alternatives share one key so
    /// that two of them count as a duplicate.
    /// </summary>
    public static void CheckUnique(HashSet<(TagClass, int)> seen, Asn1Tag tag, int at, string context)
    {
        if (!seen.Add(IsContentType(tag) ? (TagClass.Application, 6) : (tag.TagClass, tag.TagValue)))
        {
            throw new X400DecodeException($"{context}: {BerCursor.Describe(tag)} at offset {at} appears more than once");
        }
    }

    public static X400ContentType ReadContentType(BerCursor set, Asn1Tag tag, int at, string context)
    {
        if (tag.TagClass == TagClass.Application)
        {
            var value = set.ReadInt32(P1Tags.BuiltInContentType, context, "built-in content-type");
            if (value is < 0 or > 32767) throw new X400DecodeException($"{context}: built-in content-type {value} at offset {at} is outside 0..32767");
            return X400ContentType.FromBuiltIn(value);
        }
        if (tag.TagValue == (int)UniversalTagNumber.ObjectIdentifier)
        {
            var oid = set.ReadObjectIdentifier(P1Tags.ObjectIdentifier, context, "extended content-type");
            // FromOid throws ArgumentException for anything IsDottedOid refuses; every decode failure must stay an X400DecodeException.
            return X400ContentType.IsDottedOid(oid)
                ? X400ContentType.FromOid(oid)
                : throw new X400DecodeException($"{context}: extended content-type {oid} at offset {at} is not an object identifier X400ContentType accepts");
        }
        // Later X.411 editions declare ExtendedContentType as RELATIVE-OID; a peer generated from them sends the
        // full arcs with tag 13. Its dotted text is the content type when it reads as a complete OID.
        var text = set.ReadRelativeObjectIdentifier(context, "extended content-type (RELATIVE-OID)");
        return X400ContentType.IsDottedOid(text)
            ? X400ContentType.FromOid(text)
            : throw new X400DecodeException($"{context}: extended content-type RELATIVE-OID {text} at offset {at} is not a complete object identifier");
    }

    public static string ReadContentIdentifier(BerCursor set, string context) =>
        set.ReadString(UniversalTagNumber.PrintableString, P1Tags.ContentIdentifier, context, "content-identifier");

    public static MtsIdentifier ReadMtsIdentifier(BerCursor input, string context)
    {
        var id = input.ReadConstructed(P1Tags.MtsIdentifier, context, "MTSIdentifier");
        var domain = ReadGlobalDomainIdentifier(id, context);
        var at = id.Offset;
        var local = id.ReadString(UniversalTagNumber.IA5String, P1Tags.Ia5String, context, "local-identifier");
        // The bound, as the encoder keeps it: the identifier becomes Message-ID and X400-MTS-Identifier, and an unbounded one
        // would be a header line no SMTP hop may carry (RFC 5322 §2.1.1: 998 octets).
        if (X411.CheckIa5("local-identifier", local, 1, X411.UbLocalIdLength) is { } error) throw new X400DecodeException($"{context}: {error} (offset {at})");
        id.ExpectEnd(context, "the local-identifier");
        return new MtsIdentifier(domain, local);
    }

    public static GlobalDomainIdentifier ReadGlobalDomainIdentifier(BerCursor input, string context)
    {
        var gdi = input.ReadConstructed(P1Tags.GlobalDomainIdentifier, context, "global-domain-identifier");
        var country = OrNameCodec.ReadExplicitDomainString(gdi, P1Tags.CountryName, context, "country-name");
        var admd = OrNameCodec.ReadExplicitDomainString(gdi, P1Tags.AdministrationDomainName, context, "administration-domain-name");
        var prmd = gdi.HasData ? gdi.ReadNumericOrPrintable(context, "private-domain-identifier") : null;
        gdi.ExpectEnd(context, "the global-domain-identifier");
        return new GlobalDomainIdentifier(country, admd, prmd);
    }

    public static EncodedInformationTypes ReadEncodedInformationTypes(BerCursor input, string context)
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

    public static DateTimeOffset ReadTime(BerCursor input, int tagNumber, string context, string name) =>
        input.ReadUtcTime(P1Tags.Context(tagNumber, constructed: false), context, name);

    /// <summary>An INTEGER with an X.411 range, refused with its offset when outside it.</summary>
    public static int ReadBoundedInt(BerCursor input, Asn1Tag tag, int min, int max, string context, string name)
    {
        var at = input.Offset;
        var value = input.ReadInt32(tag, context, name);
        if (value < min || value > max) throw new X400DecodeException($"{context}: {name} {value} at offset {at} is outside {min}..{max}");
        return value;
    }

    /// <param name="sequence">The contents of a TraceInformation [APPLICATION 9].</param>
    /// <param name="at">Its offset, for the empty-trace error.</param>
    /// <param name="context">Where it is (<c>envelope</c>); entries are named <c>{field} entry N</c>.</param>
    public static List<TraceInformationElement> ReadTrace(BerCursor sequence, int at, string context, string field)
    {
        var list = new List<TraceInformationElement>();
        while (sequence.HasData)
        {
            var entry = $"{field} entry {list.Count + 1}";
            var element = sequence.ReadConstructed(Asn1Tag.Sequence, entry, "TraceInformationElement");
            var domain = ReadGlobalDomainIdentifier(element, entry);
            var infoAt = element.Offset;
            var info = element.ReadConstructed(Asn1Tag.SetOf, entry, "domain-supplied-information");
            element.ExpectEnd(entry, "the domain-supplied-information");
            DateTimeOffset? arrival = null;
            RoutingAction? action = null;
            GlobalDomainIdentifier? attempted = null;
            List<BerValue> additional = [];
            var seen = new HashSet<(TagClass, int)>();
            while (info.HasData)
            {
                var memberAt = info.Offset;
                var tag = info.PeekTag(entry);
                CheckUnique(seen, tag, memberAt, $"{entry}: domain-supplied-information");
                switch (tag.TagClass, tag.TagValue)
                {
                    case (TagClass.ContextSpecific, 0):
                        arrival = ReadTime(info, 0, entry, "arrival-time");
                        break;
                    case (TagClass.ContextSpecific, 2):
                        action = info.ReadEnumerated<RoutingAction>(P1Tags.Context(2, constructed: false), entry, "routing-action");
                        if (!Enum.IsDefined(action.Value)) throw new X400DecodeException($"{entry}: routing-action {(int)action.Value} at offset {memberAt} is not relayed(0) or rerouted(1)");
                        break;
                    case (TagClass.Application, 3):
                        attempted = ReadGlobalDomainIdentifier(info, $"{entry}: attempted-domain");
                        break;
                    default:
                        // COMPONENTS OF AdditionalActions: deferred-time [1], converted-encoded-information-types
                        // [APPLICATION 5], other-actions [3]; relayed as they came.
                        additional.Add(BerValue.FromDecoded(info.ReadRaw(entry, $"{BerCursor.Describe(tag)} additional action")));
                        break;
                }
            }
            if (arrival is null) throw new X400DecodeException($"{entry}: arrival-time [0] missing in domain-supplied-information at offset {infoAt}");
            if (action is null) throw new X400DecodeException($"{entry}: routing-action [2] missing in domain-supplied-information at offset {infoAt}");
            list.Add(new TraceInformationElement(domain, arrival.Value, action.Value) { AttemptedDomain = attempted, AdditionalActions = additional });
        }
        if (list.Count == 0) throw new X400DecodeException($"{context}: {field} at offset {at} is empty; X.411 requires at least one entry");
        return list;
    }

    /// <param name="set">The contents of a SET OF ExtensionField, whatever its tag ([3] in a message envelope, [1] in a report envelope…).</param>
    public static List<P1Extension> ReadExtensions(BerCursor set, string context)
    {
        var list = new List<P1Extension>();
        var seen = new HashSet<P1ExtensionType>();
        while (set.HasData)
        {
            var field = set.ReadConstructed(Asn1Tag.Sequence, context, "ExtensionField");
            var typeAt = field.Offset;
            P1ExtensionType type;
            if (field.IsNext(P1Tags.Context(0, constructed: false), context))
            {
                type = P1ExtensionType.Standard(ReadBoundedInt(field, P1Tags.Context(0, constructed: false), 0, X411.UbExtensionTypes, context, "standard-extension"));
            }
            else if (field.IsNext(P1Tags.Context(3, constructed: false), context))
            {
                var oid = field.ReadObjectIdentifier(P1Tags.Context(3, constructed: false), context, "private-extension");
                if (!X400ContentType.IsDottedOid(oid)) throw new X400DecodeException($"{context}: private-extension {oid} at offset {typeAt} is not an object identifier the gateway accepts");
                type = P1ExtensionType.Private(oid);
            }
            else
            {
                var found = field.HasData ? BerCursor.Describe(field.PeekTag(context)) : "end of the ExtensionField";
                throw new X400DecodeException($"{context}: expected [0] standard-extension or [3] private-extension at offset {typeAt}, found {found}");
            }
            var name = type.ToString();
            var criticality = field.IsNext(P1Tags.Context(1, constructed: false), context)
                ? field.ReadNamedBits<Criticality>(P1Tags.Context(1, constructed: false), context, $"criticality of {name}")
                : Criticality.None;
            BerValue? value = null;
            if (field.IsNext(P1Tags.Context(2, constructed: true), context))
            {
                var valueAt = field.Offset;
                // ExtensionValue is an open type, so [2] is explicit: the value's own element is inside.
                var wrapper = field.ReadConstructed(P1Tags.Context(2, constructed: true), context, $"value of {name}");
                if (!wrapper.HasData) throw new X400DecodeException($"{context}: value [2] of {name} at offset {valueAt} is empty; an explicit tag wraps exactly one element");
                value = BerValue.FromDecoded(wrapper.ReadRaw(context, $"value of {name}"));
                wrapper.ExpectEnd(context, $"the value of {name}");
            }
            field.ExpectEnd(context, $"the ExtensionField of {name}");
            if (!seen.Add(type)) throw new X400DecodeException($"{context}: {name} at offset {typeAt} appears more than once; X.411 allows one of each type");
            var extension = new P1Extension(type, criticality, value);
            if (type.StandardNumber == StandardExtensions.ContentCorrelator && !ContentCorrelator.TryDecode(extension.Value, out _, out var error))
            {
                throw new X400DecodeException($"{context}: {name} at offset {typeAt}: {error}");
            }
            list.Add(extension);
        }
        return list;
    }
}
