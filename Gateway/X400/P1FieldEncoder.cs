using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// DER writers for the X.411 parameter types that messages and reports share: identifiers, content type, encoded
/// information types, trace and extensions. Invalid values raise <see cref="ArgumentException"/> naming the field.
/// </summary>
internal static class P1FieldEncoder
{
    public static void WriteGlobalDomainIdentifier(AsnWriter w, GlobalDomainIdentifier gdi, string context)
    {
        ArgumentNullException.ThrowIfNull(gdi, context);
        Check(gdi.Country is null ? $"{context}: country-name is missing" : X411.CheckCountry($"{context}: country-name", gdi.Country));
        Check(gdi.AdministrationDomain is null
            ? $"{context}: administration-domain-name is missing"
            : X411.CheckPrintable($"{context}: administration-domain-name", gdi.AdministrationDomain, 0, X411.UbDomainNameLength));
        if (gdi.PrivateDomain is not null) Check(X411.CheckPrintable($"{context}: private-domain-identifier", gdi.PrivateDomain, 1, X411.UbDomainNameLength));
        using (w.PushSequence(P1Tags.GlobalDomainIdentifier))
        {
            using (w.PushSequence(P1Tags.CountryName))
            {
                w.WriteCharacterString(X411.IsNumericCountry(gdi.Country!) ? UniversalTagNumber.NumericString : UniversalTagNumber.PrintableString, gdi.Country!);
            }
            using (w.PushSequence(P1Tags.AdministrationDomainName)) w.WriteCharacterString(UniversalTagNumber.PrintableString, gdi.AdministrationDomain!);
            // PrivateDomainIdentifier is an untagged CHOICE, so the string's own tag is the element's tag.
            if (gdi.PrivateDomain is { } prmd) w.WriteCharacterString(UniversalTagNumber.PrintableString, prmd);
        }
    }

    public static void WriteMtsIdentifier(AsnWriter w, MtsIdentifier id, string context)
    {
        ArgumentNullException.ThrowIfNull(id, context);
        Check(id.LocalIdentifier is null
            ? $"{context}: local-identifier is missing"
            : X411.CheckIa5($"{context}: local-identifier", id.LocalIdentifier, 1, X411.UbLocalIdLength));
        using (w.PushSequence(P1Tags.MtsIdentifier))
        {
            WriteGlobalDomainIdentifier(w, id.Domain, context);
            w.WriteCharacterString(UniversalTagNumber.IA5String, id.LocalIdentifier!);
        }
    }

    public static void WriteContentType(AsnWriter w, X400ContentType contentType)
    {
        if (contentType.BuiltIn is { } builtIn) w.WriteInteger(builtIn, P1Tags.BuiltInContentType);
        else DerScalars.WriteObjectIdentifier(w, contentType.Oid!);
    }

    /// <param name="field">How errors name it, e.g. <c>content-identifier</c>.</param>
    public static byte[] ContentIdentifier(string contentId, string field)
    {
        Check(X411.CheckPrintable(field, contentId, 1, X411.UbContentIdLength));
        return DerSet.Member(x => x.WriteCharacterString(UniversalTagNumber.PrintableString, contentId, P1Tags.ContentIdentifier));
    }

    public static void WriteEncodedInformationTypes(AsnWriter w, EncodedInformationTypes eits, string field)
    {
        foreach (var oid in eits.Extended)
        {
            if (oid is null || !X400ContentType.IsDottedOid(oid)) throw new ArgumentException($"{field}: extended type '{oid}' is not a dotted object identifier");
        }
        var members = new List<byte[]> { DerSet.Member(x => DerScalars.WriteNamedBits(x, (int)eits.BuiltIn, P1Tags.Context(0, constructed: false))) };
        if (eits.Extended.Count > 0)
        {
            members.Add(DerSet.Member(x =>
            {
                // A true SET OF: AsnWriter's DER octet sort is the right order here.
                using (x.PushSetOf(P1Tags.Context(4, constructed: true)))
                {
                    foreach (var oid in eits.Extended) DerScalars.WriteObjectIdentifier(x, oid);
                }
            }));
        }
        DerSet.Write(w, P1Tags.EncodedInformationTypes, members);
    }

    /// <summary>UTCTime has a two-digit year; X.509's 1950..2049 window is the reading AsnReader applies by default.</summary>
    public static DateTimeOffset UtcTime(DateTimeOffset time, string field)
    {
        var utc = time.ToUniversalTime();
        if (utc.Year is < 1950 or > 2049) throw new ArgumentException($"{field} {utc:O} is outside the UTCTime range 1950..2049");
        return utc;
    }

    /// <param name="context">Where the trace is, for messages: <c>envelope</c>.</param>
    /// <param name="field">Its field name, e.g. <c>trace-information</c>; entries are named <c>{field} entry N</c>.</param>
    public static void WriteTrace(AsnWriter w, IReadOnlyList<TraceInformationElement> trace, string context, string field)
    {
        if (trace is null || trace.Count == 0) throw new ArgumentException($"{context}: {field} needs at least one entry (X.411 SIZE (1..ub-transfers))");
        using (w.PushSequence(P1Tags.TraceInformation))
        {
            for (var i = 0; i < trace.Count; i++)
            {
                var element = trace[i] ?? throw new ArgumentException($"{context}: {field} entry {i + 1} is null");
                var entry = $"{field} entry {i + 1}";
                var utc = UtcTime(element.ArrivalTime, $"{entry}: arrival-time");
                if (!Enum.IsDefined(element.Action)) throw new ArgumentException($"{entry}: routing-action {(int)element.Action} is not relayed(0) or rerouted(1)");
                var members = new List<byte[]>
                {
                    DerSet.Member(x => x.WriteUtcTime(utc, P1Tags.Context(0, constructed: false))),
                    DerSet.Member(x => DerScalars.WriteEnumerated(x, (int)element.Action, P1Tags.Context(2, constructed: false))),
                };
                if (element.AttemptedDomain is { } attempted) members.Add(DerSet.Member(x => WriteGlobalDomainIdentifier(x, attempted, $"{entry}: attempted-domain")));
                foreach (var action in element.AdditionalActions)
                {
                    members.Add((action ?? throw new ArgumentException($"{entry}: an additional action is null")).Encoding.ToArray());
                }
                CheckDistinctTags(members, $"{entry}: domain-supplied-information");
                using (w.PushSequence())
                {
                    WriteGlobalDomainIdentifier(w, element.Domain, entry);
                    DerSet.Write(w, Asn1Tag.SetOf, members);
                }
            }
        }
    }

    /// <summary>A SET OF ExtensionField under <paramref name="tag"/>, sorted as DER sorts a SET OF (by encoding).</summary>
    public static void WriteExtensions(AsnWriter w, IReadOnlyList<P1Extension> extensions, Asn1Tag tag, string context)
    {
        var fields = new List<byte[]>();
        var seen = new HashSet<P1ExtensionType>();
        for (var i = 0; i < extensions.Count; i++)
        {
            var extension = extensions[i] ?? throw new ArgumentException($"{context}: extension {i + 1} is null");
            if (extension.Type is null) throw new ArgumentException($"{context}: extension {i + 1} has no type");
            if (!seen.Add(extension.Type))
            {
                throw new ArgumentException($"{context}: {extension.Type} appears more than once (X.411 allows at most one instance of each extension type)");
            }
            if (extension.Type.StandardNumber == StandardExtensions.ContentCorrelator && !ContentCorrelator.TryDecode(extension.Value, out _, out var error))
            {
                throw new ArgumentException($"{context}: {extension.Type}: {error}");
            }
            fields.Add(DerSet.Member(x => WriteExtensionField(x, extension)));
        }
        using (w.PushSetOf(tag))
        {
            foreach (var field in fields) w.WriteEncodedValue(field);
        }
    }

    private static void WriteExtensionField(AsnWriter w, P1Extension extension)
    {
        using (w.PushSequence())
        {
            if (extension.Type.StandardNumber is { } number) w.WriteInteger(number, P1Tags.Context(0, constructed: false));
            else DerScalars.WriteObjectIdentifier(w, extension.Type.PrivateOid!, P1Tags.Context(3, constructed: false));
            // criticality DEFAULT {} and value DEFAULT NULL are omitted when equal to the default, as DER requires (X.690 11.5).
            if (extension.Criticality != Criticality.None) DerScalars.WriteNamedBits(w, (int)extension.Criticality, P1Tags.Context(1, constructed: false));
            // The value is an open type: its [2] is explicit and wraps the value's own element.
            if (extension.Value is { } value) w.WriteEncodedValue(Wrap(P1Tags.Context(2, constructed: true), [value]));
        }
    }

    /// <summary>
    /// <c>tag { values }</c> with a definite length and the values verbatim. A DER writer would refuse a value received
    /// in BER-only form (indefinite length) even though it cannot be re-encoded without knowing its type; a BER writer
    /// takes it as it is, and the wrapper's own length is still the DER one.
    /// </summary>
    public static byte[] Wrap(Asn1Tag tag, IEnumerable<BerValue> values) => PooledAsnWriters.Encode(AsnEncodingRules.BER, w =>
    {
        using (w.PushSequence(tag))
        {
            foreach (var value in values) w.WriteEncodedValue(value.Encoding.Span);
        }
    });

    public static void CheckRecipientNumbers(IEnumerable<int> numbers, string context)
    {
        var seen = new HashSet<int>();
        var i = 0;
        foreach (var number in numbers)
        {
            i++;
            if (number is < 1 or > X411.UbRecipients)
            {
                throw new ArgumentException($"{context} {i}: originally-specified-recipient-number {number} is outside 1..{X411.UbRecipients}");
            }
            if (!seen.Add(number)) throw new ArgumentException($"{context} {i}: originally-specified-recipient-number {number} is used twice");
        }
    }

    /// <summary>A SET's members must have distinct tags (X.680 25.3); raw members could repeat a modelled one.</summary>
    public static void CheckDistinctTags(IEnumerable<byte[]> members, string context)
    {
        var seen = new HashSet<(TagClass, int)>();
        foreach (var member in members)
        {
            var tag = Asn1Tag.Decode(member, out _);
            if (!seen.Add((tag.TagClass, tag.TagValue))) throw new ArgumentException($"{context}: {BerCursor.Describe(tag)} appears more than once");
        }
    }

    public static void Check(string? error)
    {
        if (error is not null) throw new ArgumentException(error);
    }
}
