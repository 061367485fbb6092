using System.Formats.Asn1;
using FsCheck;
using FsCheck.Fluent;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>FsCheck generators for P1 values: addresses, extensions (with criticality and raw values), trace, messages and reports.</summary>
internal static class P1Generators
{
    private const string Printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-.:?";

    public static Gen<string> Text(int min, int max) =>
        from length in Gen.Choose(min, max)
        from chars in Gen.ArrayOf(Gen.Elements(Printable.ToCharArray()), length)
        // Leading and trailing spaces do not survive the RFC 1685 display form (it trims around ';' and '='),
        // and real values do not carry them; the blank ADMD " " is generated separately.
        let s = new string(chars).Trim()
        where s.Length > 0
        select s;

    public static Gen<string?> Maybe(Gen<string> gen) =>
        Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    public static Gen<T?> MaybeOf<T>(Gen<T> gen)
        where T : class =>
        Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    public static readonly Gen<OrAddress> Addresses =
        from country in Gen.Elements("GB", "US", "FR", "XX", "276")
        from admd in Gen.OneOf(Gen.Constant(" "), Text(1, 16))
        from prmd in Maybe(Text(1, 16))
        from org in Maybe(Text(1, 64))
        from ous in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Text(1, 32), n))
        from surname in Maybe(Text(1, 40))
        from given in Maybe(Text(1, 16))
        from common in Maybe(Text(1, 64))
        from dda in Maybe(Text(1, 60))
        select new OrAddress
        {
            Country = country,
            AdministrationDomain = admd,
            PrivateDomain = prmd,
            Organization = org,
            OrganizationalUnits = ous,
            Surname = surname,
            GivenName = surname is null ? null : given,
            CommonName = common,
            DomainDefinedAttributes = dda is null ? [] : [new DomainDefinedAttribute("RFC-822", dda)],
        };

    public static readonly Gen<GlobalDomainIdentifier> Domains =
        from country in Gen.Elements("GB", "US", "FR", "XX", "276")
        from admd in Gen.OneOf(Gen.Constant(" "), Text(1, 16))
        from prmd in Maybe(Text(1, 16))
        select new GlobalDomainIdentifier(country, admd, prmd);

    /// <summary>UTCTime instants (whole seconds, inside 1950..2049).</summary>
    public static readonly Gen<DateTimeOffset> Times = Gen.Choose(0, int.MaxValue).Select(s => DateTimeOffset.FromUnixTimeSeconds(s));

    private static readonly Gen<byte[]> Bytes = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    /// <summary>Values of many shapes, DER and BER-only, including NULL (which the model takes as the default).</summary>
    public static readonly Gen<BerValue> Values = Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Select(i => Der(w => w.WriteInteger(i))),
        Bytes.Select(b => Der(w => w.WriteOctetString(b))),
        Text(1, 30).Select(t => Der(w => w.WriteCharacterString(UniversalTagNumber.IA5String, t))),
        from i in Gen.Choose(0, 1000)
        from b in Bytes
        select Der(w =>
        {
            using (w.PushSequence())
            {
                w.WriteInteger(i);
                w.WriteOctetString(b, new Asn1Tag(TagClass.ContextSpecific, 5));
            }
        }),
        // A constructed OCTET STRING with an indefinite length: BER that DER would never write.
        from a in Bytes
        from b in Bytes
        select new BerValue([0x24, 0x80, .. Der(w => w.WriteOctetString(a)).Encoding.Span, .. Der(w => w.WriteOctetString(b)).Encoding.Span, 0x00, 0x00]),
        Gen.Constant(BerValue.FromHex("0500")));

    public static readonly Gen<ContentCorrelator> Correlators = Gen.OneOf(
        Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 127).Select(c => (char)c), n)).Select(c => ContentCorrelator.FromIa5Text(new string(c))),
        Bytes.Select(b => ContentCorrelator.FromOctets(b)));

    private static readonly Gen<P1ExtensionType> ExtensionTypes = Gen.OneOf(
        Gen.Choose(0, X411.UbExtensionTypes).Where(n => n != StandardExtensions.ContentCorrelator).Select(P1ExtensionType.Standard),
        from arcs in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 100_000), n))
        from first in Gen.Elements("1.3.6.1.4.1", "2.999", "0.9.2342")
        select P1ExtensionType.Private(first + string.Concat(arcs.Select(a => "." + a))));

    public static readonly Gen<P1Extension> Extensions =
        from type in ExtensionTypes
        from criticality in Gen.Choose(0, 7)
        from value in MaybeOf(Values)
        select new P1Extension(type, (Criticality)criticality, value);

    /// <summary>0..5 extensions of distinct types, sometimes with a content correlator.</summary>
    public static readonly Gen<P1Extension[]> ExtensionLists =
        from count in Gen.Choose(0, 5)
        from list in Gen.ArrayOf(Extensions, count)
        from correlator in MaybeOf(Correlators)
        from criticality in Gen.Choose(0, 7)
        select list.DistinctBy(e => e.Type)
            .Concat(correlator is null ? [] : [correlator.ToExtension((Criticality)criticality)])
            .ToArray();

    private static readonly BerValue[] AdditionalActions =
    [
        BerValue.FromHex("810D" + "3236313130343038303030305A"), // deferred-time [1]
        BerValue.FromHex("6504" + "80020780"),                    // converted-encoded-information-types [APPLICATION 5]
        BerValue.FromHex("8302" + "0640"),                        // other-actions [3] {dl-operation}
    ];

    public static readonly Gen<TraceInformationElement> TraceElements =
        from domain in Domains
        from time in Times
        from action in Gen.Elements(RoutingAction.Relayed, RoutingAction.Rerouted)
        from attempted in MaybeOf(Domains)
        from actions in Gen.SubListOf(AdditionalActions)
        select new TraceInformationElement(domain, time, action) { AttemptedDomain = attempted, AdditionalActions = [.. actions] };

    public static readonly Gen<EncodedInformationTypes> Eits =
        from bits in Gen.Choose(0, 1023)
        from extended in Gen.SubListOf(new[] { X400Oids.EitSignedX400, X400Oids.EitEnvelopedX400, "2.6.3.4.2" })
        select new EncodedInformationTypes((BuiltInEncodedInformationTypes)bits, [.. extended]);

    public static readonly Gen<X400ContentType> ContentTypes =
        Gen.Elements(X400ContentType.FromBuiltIn(22), X400ContentType.FromBuiltIn(2), X400ContentType.FromOid(X400Oids.ContentInfo), X400ContentType.FromOid("1.3.26.0.4406.0.4.1"));

    private static readonly Gen<ReportType> ReportTypes = Gen.OneOf(
        from time in Times
        from user in Gen.Choose(0, X411.UbMtsUserTypes)
        select (ReportType)new DeliveryReport(time, (MtsUserType)user),
        from reason in Gen.OneOf(Gen.Choose(0, 8), Gen.Choose(0, X411.UbReasonCodes))
        from diagnostic in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 78).Select(d => (int?)d), Gen.Choose(0, X411.UbDiagnosticCodes).Select(d => (int?)d))
        select (ReportType)new NonDeliveryReport((NonDeliveryReasonCode)reason, (NonDeliveryDiagnosticCode?)diagnostic));

    private static Gen<P1ReportRecipient> ReportRecipient(int number) =>
        from actual in Addresses
        from indicators in Gen.Choose(0, 255)
        from arrival in Times
        from converted in MaybeOf(Eits)
        from reportType in ReportTypes
        from intended in MaybeOf(Addresses)
        from supplementary in Maybe(Text(1, 256))
        from extensions in ExtensionLists
        select new P1ReportRecipient
        {
            ActualRecipientName = new OrName(actual),
            OriginallySpecifiedRecipientNumber = number,
            Indicators = (PerRecipientIndicators)indicators,
            LastTrace = new LastTraceInformation(arrival, reportType) { ConvertedEncodedInformationTypes = converted },
            OriginallyIntendedRecipientName = intended is null ? null : new OrName(intended),
            SupplementaryInformation = supplementary,
            Extensions = extensions,
        };

    public static readonly Gen<P1Report> Reports =
        from reportDomain in Domains
        from reportLocal in Text(1, 32)
        from destination in Addresses
        from trace in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(TraceElements, n))
        from envelopeExtensions in ExtensionLists
        from subjectDomain in Domains
        from subjectLocal in Text(1, 32)
        from intermediate in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(TraceElements, n))
        from eits in MaybeOf(Eits)
        from contentType in MaybeOf(ContentTypes)
        from contentId in Maybe(Text(1, 16))
        from returned in Gen.OneOf(Gen.Constant<byte[]?>(null), Gen.Choose(0, 3000).Select(n => (byte[]?)Enumerable.Range(0, n).Select(i => (byte)(i * 7)).ToArray()))
        from additional in MaybeOf(Values.Where(v => !v.IsNull))
        from contentExtensions in ExtensionLists
        from numbers in Gen.Choose(1, 4).SelectMany(n => Gen.Shuffle(Enumerable.Range(1, 40).ToArray()).Select(all => all.Take(n).ToArray()))
        from recipients in Gen.CollectToArray(numbers, ReportRecipient)
        select new P1Report(
            new P1ReportEnvelope
            {
                ReportIdentifier = new MtsIdentifier(reportDomain, reportLocal),
                ReportDestinationName = new OrName(destination),
                Trace = trace,
                Extensions = envelopeExtensions,
            },
            new P1ReportContent
            {
                SubjectIdentifier = new MtsIdentifier(subjectDomain, subjectLocal),
                SubjectIntermediateTrace = intermediate,
                OriginalEncodedInformationTypes = eits,
                ContentType = contentType,
                ContentIdentifier = contentId,
                ReturnedContent = returned is null ? (ReadOnlyMemory<byte>?)null : returned,
                AdditionalInformation = additional,
                Extensions = contentExtensions,
                Recipients = [.. recipients],
            });

    private static BerValue Der(Action<AsnWriter> write)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        write(w);
        return new BerValue(w.Encode());
    }
}
