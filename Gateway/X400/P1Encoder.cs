using System.Formats.Asn1;
using System.Numerics;

namespace Gateway.X400;

/// <summary>DER encoder for the MTS-APDU message alternative. Invalid values raise <see cref="ArgumentException"/> naming the field.</summary>
internal static class P1Encoder
{
    public static byte[] Encode(P1Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Envelope, nameof(message) + "." + nameof(message.Envelope));
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(P1Tags.Message))
        {
            WriteEnvelope(w, message.Envelope);
            w.WriteOctetString(message.Content.Span);
        }
        return w.Encode();
    }

    public static byte[] EncodeOrName(OrName name) => DerSet.Member(w => OrNameCodec.Write(w, name, "ORName"));

    private static void WriteEnvelope(AsnWriter w, P1Envelope e)
    {
        ArgumentNullException.ThrowIfNull(e.MessageIdentifier, "envelope.MessageIdentifier");
        ArgumentNullException.ThrowIfNull(e.ContentType, "envelope.ContentType");
        var members = new List<byte[]>
        {
            DerSet.Member(x => WriteMtsIdentifier(x, e.MessageIdentifier, "message-identifier")),
            DerSet.Member(x => OrNameCodec.Write(x, e.Originator, "originator-name")),
            DerSet.Member(x => WriteContentType(x, e.ContentType)),
            DerSet.Member(x => WriteTrace(x, e.Trace)),
            DerSet.Member(x => WriteRecipients(x, e.Recipients)),
        };
        if (e.OriginalEncodedInformationTypes is { } eits) members.Add(DerSet.Member(x => WriteEncodedInformationTypes(x, eits)));
        if (e.ContentIdentifier is { } contentId)
        {
            Check(X411.CheckPrintable("content-identifier", contentId, 1, X411.UbContentIdLength));
            members.Add(DerSet.Member(x => x.WriteCharacterString(UniversalTagNumber.PrintableString, contentId, P1Tags.ContentIdentifier)));
        }
        // DER omits a value equal to its DEFAULT (X.690 11.5): priority DEFAULT normal, per-message-indicators DEFAULT {}.
        if (e.Priority != Priority.Normal)
        {
            if (!Enum.IsDefined(e.Priority)) throw new ArgumentException($"envelope: priority {(int)e.Priority} is not normal(0), non-urgent(1) or urgent(2)");
            members.Add(DerSet.Member(x => x.WriteEnumeratedValue(e.Priority, P1Tags.Priority)));
        }
        if (e.PerMessageIndicators != PerMessageIndicators.None)
        {
            members.Add(DerSet.Member(x => x.WriteNamedBitList(e.PerMessageIndicators, P1Tags.PerMessageIndicators)));
        }
        if (e.StandardExtensions.Count > 0) members.Add(DerSet.Member(x => WriteExtensions(x, e.StandardExtensions)));
        DerSet.Write(w, Asn1Tag.SetOf, members);
    }

    internal static void WriteGlobalDomainIdentifier(AsnWriter w, GlobalDomainIdentifier gdi, string context)
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

    private static void WriteMtsIdentifier(AsnWriter w, MtsIdentifier id, string context)
    {
        Check(id.LocalIdentifier is null
            ? $"{context}: local-identifier is missing"
            : X411.CheckIa5($"{context}: local-identifier", id.LocalIdentifier, 1, X411.UbLocalIdLength));
        using (w.PushSequence(P1Tags.MtsIdentifier))
        {
            WriteGlobalDomainIdentifier(w, id.Domain, context);
            w.WriteCharacterString(UniversalTagNumber.IA5String, id.LocalIdentifier!);
        }
    }

    private static void WriteContentType(AsnWriter w, X400ContentType contentType)
    {
        if (contentType.BuiltIn is { } builtIn) w.WriteInteger(builtIn, P1Tags.BuiltInContentType);
        else w.WriteObjectIdentifier(contentType.Oid!);
    }

    private static void WriteEncodedInformationTypes(AsnWriter w, EncodedInformationTypes eits)
    {
        foreach (var oid in eits.Extended)
        {
            if (oid is null || !X400ContentType.IsDottedOid(oid)) throw new ArgumentException($"original-encoded-information-types: extended type '{oid}' is not a dotted object identifier");
        }
        var members = new List<byte[]> { DerSet.Member(x => x.WriteNamedBitList(eits.BuiltIn, P1Tags.Context(0, constructed: false))) };
        if (eits.Extended.Count > 0)
        {
            members.Add(DerSet.Member(x =>
            {
                // A true SET OF: AsnWriter's DER octet sort is the right order here.
                using (x.PushSetOf(P1Tags.Context(4, constructed: true)))
                {
                    foreach (var oid in eits.Extended) x.WriteObjectIdentifier(oid);
                }
            }));
        }
        DerSet.Write(w, P1Tags.EncodedInformationTypes, members);
    }

    private static void WriteTrace(AsnWriter w, IReadOnlyList<TraceInformationElement> trace)
    {
        if (trace.Count == 0) throw new ArgumentException("envelope: trace-information needs at least one entry (X.411 SIZE (1..ub-transfers))");
        using (w.PushSequence(P1Tags.TraceInformation))
        {
            for (var i = 0; i < trace.Count; i++)
            {
                var element = trace[i] ?? throw new ArgumentException($"envelope: trace-information entry {i + 1} is null");
                var context = $"trace-information entry {i + 1}";
                var utc = element.ArrivalTime.ToUniversalTime();
                // UTCTime has a two-digit year; X.509's 1950..2049 window is the reading AsnReader applies by default.
                if (utc.Year is < 1950 or > 2049) throw new ArgumentException($"{context}: arrival-time {utc:O} is outside the UTCTime range 1950..2049");
                if (!Enum.IsDefined(element.Action)) throw new ArgumentException($"{context}: routing-action {(int)element.Action} is not relayed(0) or rerouted(1)");
                using (w.PushSequence())
                {
                    WriteGlobalDomainIdentifier(w, element.Domain, context);
                    DerSet.Write(w, Asn1Tag.SetOf,
                    [
                        DerSet.Member(x => x.WriteUtcTime(utc, P1Tags.Context(0, constructed: false))),
                        DerSet.Member(x => x.WriteEnumeratedValue(element.Action, P1Tags.Context(2, constructed: false))),
                    ]);
                }
            }
        }
    }

    private static void WriteExtensions(AsnWriter w, IReadOnlyList<int> standardExtensions)
    {
        if (standardExtensions.Distinct().Count() != standardExtensions.Count)
        {
            throw new ArgumentException("envelope: a standard extension appears more than once (X.411 allows at most one instance of each)");
        }
        using (w.PushSetOf(P1Tags.Context(3, constructed: true)))
        {
            foreach (var number in standardExtensions)
            {
                if (number is < 0 or > X411.UbExtensionTypes) throw new ArgumentException($"envelope: standard extension {number} is outside 0..{X411.UbExtensionTypes}");
                // criticality DEFAULT {} and value DEFAULT NULL are both omitted, as DER requires for defaults.
                using (w.PushSequence()) w.WriteInteger(number, P1Tags.Context(0, constructed: false));
            }
        }
    }

    private static void WriteRecipients(AsnWriter w, IReadOnlyList<P1Recipient> recipients)
    {
        if (recipients.Count == 0) throw new ArgumentException("envelope: per-recipient-fields needs at least one recipient");
        var numbers = new HashSet<int>();
        using (w.PushSequence(P1Tags.Context(2, constructed: true)))
        {
            for (var i = 0; i < recipients.Count; i++)
            {
                var r = recipients[i] ?? throw new ArgumentException($"envelope: recipient {i + 1} is null");
                var context = $"recipient {i + 1}";
                if (r.OriginallySpecifiedRecipientNumber is < 1 or > X411.UbRecipients)
                {
                    throw new ArgumentException($"{context}: originally-specified-recipient-number {r.OriginallySpecifiedRecipientNumber} is outside 1..{X411.UbRecipients}");
                }
                if (!numbers.Add(r.OriginallySpecifiedRecipientNumber))
                {
                    throw new ArgumentException($"{context}: originally-specified-recipient-number {r.OriginallySpecifiedRecipientNumber} is used twice");
                }
                DerSet.Write(w, Asn1Tag.SetOf,
                [
                    DerSet.Member(x => OrNameCodec.Write(x, r.Name, context)),
                    DerSet.Member(x => x.WriteInteger(r.OriginallySpecifiedRecipientNumber, P1Tags.Context(0, constructed: false))),
                    DerSet.Member(x => WriteBitString(x, (uint)r.Indicators, minimumBits: 8, P1Tags.Context(1, constructed: false))),
                ]);
            }
        }
    }

    /// <summary>
    /// A named-bit BIT STRING with a SIZE lower bound. AsnWriter.WriteNamedBitList strips every trailing zero
    /// bit, which for PerRecipientIndicators (SIZE (8..ub-bit-options)) would give fewer than the 8 bits the
    /// constraint demands; X.690 11.2.2 lets DER strip trailing zeros only down to the lower bound.
    /// </summary>
    private static void WriteBitString(AsnWriter w, uint flags, int minimumBits, Asn1Tag tag)
    {
        var bitCount = Math.Max(minimumBits, 32 - BitOperations.LeadingZeroCount(flags));
        var bytes = new byte[(bitCount + 7) / 8];
        for (var bit = 0; bit < bitCount; bit++)
        {
            if ((flags & (1u << bit)) != 0) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }
        w.WriteBitString(bytes, (bytes.Length * 8) - bitCount, tag);
    }

    private static void Check(string? error)
    {
        if (error is not null) throw new ArgumentException(error);
    }
}
