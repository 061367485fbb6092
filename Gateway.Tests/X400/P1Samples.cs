using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>Sample P1 values and helpers to take DER encodings apart and rebuild them as other BER.</summary>
internal static class P1Samples
{
    public static readonly GlobalDomainIdentifier GatewayDomain = new("GB", " ", "Acme");

    public static OrName Originator => new(OrAddress.Parse("/DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/"));

    public static P1Envelope Envelope(X400ContentType? contentType = null) => new()
    {
        MessageIdentifier = new MtsIdentifier(GatewayDomain, "msg-0001@gw.example"),
        Originator = Originator,
        OriginalEncodedInformationTypes = new EncodedInformationTypes(
            BuiltInEncodedInformationTypes.Undefined,
            [X400Oids.EitSignedX400, X400Oids.EitEnvelopedX400]),
        ContentType = contentType ?? X400ContentType.FromOid(X400Oids.ContentInfo),
        ContentIdentifier = "CMS-1",
        Priority = Priority.Urgent,
        PerMessageIndicators = PerMessageIndicators.AlternateRecipientAllowed | PerMessageIndicators.ContentReturnRequest,
        Trace =
        [
            new TraceInformationElement(GatewayDomain, new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), RoutingAction.Relayed),
            new TraceInformationElement(new GlobalDomainIdentifier("US", "ATT"), new DateTimeOffset(2026, 11, 3, 10, 16, 31, TimeSpan.FromHours(1)), RoutingAction.Rerouted),
        ],
        Recipients =
        [
            new P1Recipient(new OrName(OrAddress.Parse("/G=Steve/S=Kille/OU1=R+D/O=Isode/PRMD=Isode/ADMD= /C=GB/")), 1,
                PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaNonDeliveryReport),
            new P1Recipient(new OrName(OrAddress.Parse("/CN=VVTSMHSA/OU=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")), 2,
                PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatorNonDeliveryReport),
        ],
        Extensions =
        [
            // dl-expansion-prohibited with its ENUMERATED value prohibited(1), non-critical.
            P1Extension.Standard(3, value: BerValue.FromHex("0A0101")),
            // recipient-reassignment-prohibited, critical for delivery, with the default (absent) value.
            P1Extension.Standard(1, Criticality.ForDelivery),
        ],
    };

    /// <summary>
    /// <see cref="Envelope"/> with every member X.411 allows filled in: deferred delivery, bilateral information, a trace
    /// entry with attempted-domain and additional actions, unknown standard and private extensions with criticality and
    /// values (one of them BER-only: indefinite length), a content correlator, and per-recipient conversion and extensions.
    /// </summary>
    public static P1Envelope RichEnvelope() => Envelope() with
    {
        DeferredDeliveryTime = new DateTimeOffset(2026, 11, 4, 8, 0, 0, TimeSpan.Zero),
        // PerDomainBilateralInformation { country-name GB, administration-domain-name " ", bilateral-information INTEGER 7 }
        PerDomainBilateralInformation = [BerValue.FromHex("300E" + "61041302" + "4742" + "6203130120" + "020107")],
        Trace =
        [
            new TraceInformationElement(GatewayDomain, new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), RoutingAction.Relayed),
            new TraceInformationElement(new GlobalDomainIdentifier("US", "ATT"), new DateTimeOffset(2026, 11, 3, 9, 16, 31, TimeSpan.Zero), RoutingAction.Rerouted)
            {
                AttemptedDomain = new GlobalDomainIdentifier("FR", "ATLAS", "Gouv"),
                AdditionalActions =
                [
                    BerValue.FromHex("810D" + "3236313130343038303030305A"), // deferred-time [1] 261104080000Z
                    BerValue.FromHex("8302" + "0640"),                       // other-actions [3] {dl-operation}
                ],
            },
        ],
        Extensions =
        [
            P1Extension.Standard(3, value: BerValue.FromHex("0A0101")),
            P1Extension.Standard(1, Criticality.ForDelivery),
            // An unknown standard extension, critical for transfer and delivery, with a SEQUENCE value.
            P1Extension.Standard(200, Criticality.ForTransfer | Criticality.ForDelivery, BerValue.FromHex("3006" + "020101" + "0401FF")),
            // A private extension whose value came in BER only: a constructed OCTET STRING with an indefinite length.
            P1Extension.Private("1.3.6.1.4.1.99999.1", Criticality.ForSubmission, BerValue.FromHex("2480" + "0402ABCD" + "0401EF" + "0000")),
            ContentCorrelator.FromIa5Text("order 42").ToExtension(),
        ],
        Recipients =
        [
            new P1Recipient(new OrName(OrAddress.Parse("/G=Steve/S=Kille/OU1=R+D/O=Isode/PRMD=Isode/ADMD= /C=GB/")), 1,
                PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaNonDeliveryReport)
            {
                ExplicitConversion = 11, // teletex-to-ia5-text
                Extensions = [P1Extension.Standard(6, value: BerValue.FromHex("3003" + "020101")), P1Extension.Private("2.999.7")],
            },
            new P1Recipient(new OrName(OrAddress.Parse("/CN=VVTSMHSA/OU=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")), 2,
                PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatorNonDeliveryReport),
        ],
    };

    /// <summary>A non-delivery and delivery report about <see cref="Message"/>, with every member X.411 allows.</summary>
    public static P1Report Report(int returnedContentLength = 120) => new(
        new P1ReportEnvelope
        {
            ReportIdentifier = new MtsIdentifier(new GlobalDomainIdentifier("US", "ATT"), "rpt-0001"),
            ReportDestinationName = Originator,
            Trace =
            [
                new TraceInformationElement(new GlobalDomainIdentifier("US", "ATT"), new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero), RoutingAction.Relayed),
                new TraceInformationElement(GatewayDomain, new DateTimeOffset(2026, 11, 3, 10, 0, 5, TimeSpan.Zero), RoutingAction.Rerouted)
                {
                    AttemptedDomain = new GlobalDomainIdentifier("276", "DBP"),
                },
            ],
            Extensions =
            [
                P1Extension.Private("1.2.840.113549.99", Criticality.ForDelivery, BerValue.FromHex("1305" + "68656C6C6F")),
                P1Extension.Standard(StandardExtensions.InternalTraceInformation, value: BerValue.FromHex("3000")),
            ],
        },
        new P1ReportContent
        {
            SubjectIdentifier = new MtsIdentifier(GatewayDomain, "msg-0001@gw.example"),
            SubjectIntermediateTrace =
            [
                new TraceInformationElement(GatewayDomain, new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), RoutingAction.Relayed),
            ],
            OriginalEncodedInformationTypes = new EncodedInformationTypes(BuiltInEncodedInformationTypes.Undefined, [X400Oids.EitSignedX400]),
            ContentType = X400ContentType.FromOid(X400Oids.ContentInfo),
            ContentIdentifier = "CMS-1",
            ReturnedContent = Enumerable.Range(0, returnedContentLength).Select(i => (byte)(i * 3)).ToArray(),
            AdditionalInformation = BerValue.FromHex("1306" + "6C6567616379"), // PrintableString "legacy"
            Extensions = [ContentCorrelator.FromOctets([0xC0, 0xFF, 0xEE]).ToExtension(), P1Extension.Private("2.999.1")],
            Recipients =
            [
                new P1ReportRecipient
                {
                    ActualRecipientName = new OrName(OrAddress.Parse("/G=Steve/S=Kille/OU1=R+D/O=Isode/PRMD=Isode/ADMD= /C=GB/")),
                    OriginallySpecifiedRecipientNumber = 1,
                    Indicators = PerRecipientIndicators.OriginatorReport,
                    LastTrace = new LastTraceInformation(new DateTimeOffset(2026, 11, 3, 9, 59, 0, TimeSpan.Zero),
                        new DeliveryReport(new DateTimeOffset(2026, 11, 3, 9, 59, 30, TimeSpan.Zero), MtsUserType.MessageStore)),
                },
                new P1ReportRecipient
                {
                    ActualRecipientName = new OrName(OrAddress.Parse("/CN=VVTSMHSA/OU=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")),
                    OriginallySpecifiedRecipientNumber = 2,
                    Indicators = PerRecipientIndicators.OriginatorNonDeliveryReport,
                    LastTrace = new LastTraceInformation(new DateTimeOffset(2026, 11, 3, 9, 58, 0, TimeSpan.Zero),
                        new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTypeNotSupported))
                    {
                        ConvertedEncodedInformationTypes = new EncodedInformationTypes(BuiltInEncodedInformationTypes.Ia5Text),
                    },
                    OriginallyIntendedRecipientName = new OrName(OrAddress.Parse("/S=Nguyen/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")),
                    SupplementaryInformation = "AMHS accepts content type 22 only",
                    Extensions = [P1Extension.Standard(StandardExtensions.RedirectionHistory, value: BerValue.FromHex("3000"))],
                },
                new P1ReportRecipient
                {
                    ActualRecipientName = new OrName(OrAddress.Parse("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
                    OriginallySpecifiedRecipientNumber = 3,
                    Indicators = PerRecipientIndicators.OriginatorNonDeliveryReport,
                    // A reason only, and one X.411 does not name: kept as its number.
                    LastTrace = new LastTraceInformation(new DateTimeOffset(2026, 11, 3, 9, 58, 1, TimeSpan.Zero), new NonDeliveryReport((NonDeliveryReasonCode)99)),
                },
            ],
        });

    public static P1Message Message(int contentLength = 300, X400ContentType? contentType = null) =>
        new(Envelope(contentType), Enumerable.Range(0, contentLength).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>The envelope members and the content of a DER or BER message, as complete encodings.</summary>
    public static (List<byte[]> Members, byte[] Content) Split(byte[] encoded)
    {
        var apdu = new AsnReader(encoded, AsnEncodingRules.BER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        var set = apdu.ReadSetOf(skipSortOrderValidation: true);
        var members = new List<byte[]>();
        while (set.HasData) members.Add(set.ReadEncodedValue().ToArray());
        return (members, apdu.ReadOctetString());
    }

    /// <summary>Rebuilds a message from members in the given order (a BER writer keeps the order as given).</summary>
    public static byte[] Join(IEnumerable<byte[]> members, byte[] content)
    {
        var w = new AsnWriter(AsnEncodingRules.BER);
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        {
            using (w.PushSetOf())
            {
                foreach (var m in members) w.WriteEncodedValue(m);
            }
            w.WriteOctetString(content);
        }
        return w.Encode();
    }

    public static Asn1Tag TagOf(byte[] encoding) => Asn1Tag.Decode(encoding, out _);

    /// <summary>
    /// Re-encodes a DER value with CER rules: every constructed value gets an indefinite length, SET contents are
    /// re-sorted by the SET OF rule, and OCTET STRINGs over 1000 bytes become constructed.
    /// </summary>
    public static byte[] ToIndefiniteLengthBer(byte[] der)
    {
        var cer = new AsnWriter(AsnEncodingRules.CER);
        Reencode(cer, der);
        return cer.Encode();
    }

    private static void Reencode(AsnWriter cer, ReadOnlySpan<byte> der)
    {
        while (!der.IsEmpty)
        {
            var tag = Asn1Tag.Decode(der, out _);
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            var contents = der.Slice(contentOffset, contentLength);
            if (tag.IsConstructed && tag.TagClass == TagClass.Universal && tag.TagValue == (int)UniversalTagNumber.SetOf)
            {
                using (cer.PushSetOf(tag)) Reencode(cer, contents);
            }
            else if (tag.IsConstructed)
            {
                using (cer.PushSequence(tag)) Reencode(cer, contents);
            }
            else if (tag == Asn1Tag.PrimitiveOctetString)
            {
                cer.WriteOctetString(contents);
            }
            else
            {
                cer.WriteEncodedValue(der[..consumed]);
            }
            der = der[consumed..];
        }
    }
}
