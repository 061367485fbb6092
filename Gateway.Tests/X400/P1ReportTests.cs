using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>The MTS-APDU report [1] alternative: round trips, a hand-built encoding read field by field, and the errors.</summary>
public sealed class P1ReportTests
{
    private static readonly GlobalDomainIdentifier Acme = new("GB", " ", "Acme");

    /// <summary>
    /// A report built by hand from X.411's MTAAbstractService (IMPLICIT TAGS), in DER: non-delivery for one recipient,
    /// delivery for another, returned content, a content correlator and a private envelope extension.
    /// </summary>
    private const string HandBuiltReport =
        "A1820157" +                                     // MTS-APDU report [1], implicit: replaces Report's SEQUENCE tag
        "3177" +                                         //   envelope: ReportTransferEnvelope SET
        "601C" +                                         //     report-destination-name ORName [APPLICATION 0]
        "301A" +                                         //       built-in-standard-attributes SEQUENCE
        "6104" + "13024742" +                            //         country-name [APPLICATION 1] explicit { PrintableString "GB" }
        "6203" + "130120" +                              //         administration-domain-name [APPLICATION 2] explicit { " " }
        "8304" + "41636D65" +                            //         organization-name [3] "Acme"
        "A507" + "8005536D697468" +                      //         personal-name [5] SET { surname [0] "Smith" }
        "641A" +                                         //     report-identifier MTSIdentifier [APPLICATION 4]
        "6311" +                                         //       global-domain-identifier [APPLICATION 3]
        "6104" + "13024742" +                            //         country-name "GB"
        "6203" + "130120" +                              //         administration-domain-name " "
        "1304" + "41636D65" +                            //         private-domain-identifier PrintableString "Acme"
        "1605" + "7265702D31" +                          //       local-identifier IA5String "rep-1"
        "6929" +                                         //     trace-information [APPLICATION 9] SEQUENCE OF
        "3027" +                                         //       TraceInformationElement SEQUENCE
        "6311" + "610413024742" + "6203130120" + "130441636D65" + //   global-domain-identifier GB, " ", Acme
        "3112" +                                         //         domain-supplied-information SET
        "800D" + "3236313130333039313533305A" +          //           arrival-time [0] UTCTime 261103091530Z
        "820100" +                                       //           routing-action [2] ENUMERATED relayed(0)
        "A110" +                                         //     extensions [1] SET OF ExtensionField
        "300E" +                                         //       ExtensionField SEQUENCE
        "83032A0304" +                                   //         type: private-extension [3] OID 1.2.3.4
        "81020520" +                                     //         criticality [1] BIT STRING {for-delivery}
        "A203" + "020107" +                              //         value [2] explicit { INTEGER 7 }
        "3181DB" +                                       //   content: ReportTransferContent SET
        "641A" +                                         //     subject-identifier MTSIdentifier [APPLICATION 4]
        "6311" + "610413024742" + "6203130120" + "130441636D65" + //   global-domain-identifier GB, " ", Acme
        "1605" + "6D73672D31" +                          //       local-identifier "msg-1"
        "460116" +                                       //     content-type [APPLICATION 6] INTEGER 22 (IPM 1988)
        "4A05" + "4349442D31" +                          //     content-identifier [APPLICATION 10] "CID-1"
        "A0819D" +                                       //     per-recipient-fields [0] SEQUENCE OF
        "314D" +                                         //       PerRecipientReportTransferFields SET
        "A01C" +                                         //         actual-recipient-name [0]: implicit, replaces [APPLICATION 0]
        "301A" + "610413024742" + "6203130120" + "830441636D65" + "A50780054A6F6E6573" + // C=GB ADMD=" " O=Acme S=Jones
        "810101" +                                       //         originally-specified-recipient-number [1] 1
        "82020080" +                                     //         per-recipient-indicators [2] BIT STRING {responsibility}, 8 bits
        "A319" +                                         //         last-trace-information [3] SET
        "800D" + "3236313130333039313534355A" +          //           arrival-time [0] 261103091545Z
        "A108" +                                         //           report-type [1]: explicit, ReportType is a CHOICE
        "A106" +                                         //             non-delivery [1] NonDeliveryReport SET
        "800101" +                                       //               non-delivery-reason-code [0] unable-to-transfer(1)
        "81010F" +                                       //               non-delivery-diagnostic-code [1] content-type-not-supported(15)
        "850B" + "6E6F742032322068657265" +              //         supplementary-information [5] PrintableString "not 22 here"
        "314C" +                                         //       PerRecipientReportTransferFields SET
        "A01C" +                                         //         actual-recipient-name [0]
        "301A" + "610413024742" + "6203130120" + "830441636D65" + "A507800542726F776E" + // C=GB ADMD=" " O=Acme S=Brown
        "810102" +                                       //         originally-specified-recipient-number [1] 2
        "82020010" +                                     //         per-recipient-indicators [2] {originator-report}
        "A325" +                                         //         last-trace-information [3] SET
        "800D" + "3236313130333039313535305A" +          //           arrival-time [0] 261103091550Z
        "A114" +                                         //           report-type [1] explicit
        "A012" +                                         //             delivery [0] DeliveryReport SET
        "800D" + "3236313130333039313630305A" +          //               message-delivery-time [0] 261103091600Z
        "810102" +                                       //               type-of-MTS-user [1] ms(2)
        "8103" + "010203" +                              //     returned-content [1] OCTET STRING 010203
        "A30E" +                                         //     extensions [3] SET OF ExtensionField
        "300C" +                                         //       ExtensionField SEQUENCE
        "800117" +                                       //         type: standard-extension [0] 23 (content-correlator)
        "A207" + "1605636F727231";                       //         value [2] explicit { IA5String "corr1" }

    [Fact]
    public void A_hand_built_report_decodes_field_by_field()
    {
        var apdu = MtsApduCodec.DecodeApdu(Convert.FromHexString(HandBuiltReport));

        var report = Assert.IsType<P1Report>(apdu);
        var envelope = report.Envelope;
        Assert.Equal(new MtsIdentifier(Acme, "rep-1"), envelope.ReportIdentifier);
        Assert.Equal(OrAddress.Parse("/S=Smith/O=Acme/ADMD= /C=GB/"), envelope.ReportDestinationName.Address);
        var trace = Assert.Single(envelope.Trace);
        Assert.Equal(Acme, trace.Domain);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), trace.ArrivalTime);
        Assert.Equal(RoutingAction.Relayed, trace.Action);
        Assert.Null(trace.AttemptedDomain);
        Assert.Empty(trace.AdditionalActions);
        var extension = Assert.Single(envelope.Extensions);
        Assert.Equal("1.2.3.4", extension.Type.PrivateOid);
        Assert.Equal(Criticality.ForDelivery, extension.Criticality);
        Assert.Equal("020107", extension.Value?.ToString());

        var content = report.Content;
        Assert.Equal(new MtsIdentifier(Acme, "msg-1"), content.SubjectIdentifier);
        Assert.Empty(content.SubjectIntermediateTrace);
        Assert.Null(content.OriginalEncodedInformationTypes);
        Assert.Equal(X400ContentType.FromBuiltIn(22), content.ContentType);
        Assert.Equal("CID-1", content.ContentIdentifier);
        Assert.Equal([1, 2, 3], content.ReturnedContent!.Value.ToArray());
        Assert.Null(content.AdditionalInformation);
        Assert.Equal("corr1", content.ContentCorrelator?.Ia5Text);
        Assert.Equal(2, content.Recipients.Count);

        var jones = content.Recipients[0];
        Assert.Equal(OrAddress.Parse("/S=Jones/O=Acme/ADMD= /C=GB/"), jones.ActualRecipientName.Address);
        Assert.Equal(1, jones.OriginallySpecifiedRecipientNumber);
        Assert.Equal(PerRecipientIndicators.Responsibility, jones.Indicators);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 15, 45, TimeSpan.Zero), jones.LastTrace.ArrivalTime);
        Assert.Null(jones.LastTrace.ConvertedEncodedInformationTypes);
        Assert.Equal(new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTypeNotSupported), jones.LastTrace.ReportType);
        Assert.Null(jones.OriginallyIntendedRecipientName);
        Assert.Equal("not 22 here", jones.SupplementaryInformation);
        Assert.Empty(jones.Extensions);

        var brown = content.Recipients[1];
        Assert.Equal(OrAddress.Parse("/S=Brown/O=Acme/ADMD= /C=GB/"), brown.ActualRecipientName.Address);
        Assert.Equal(2, brown.OriginallySpecifiedRecipientNumber);
        Assert.Equal(PerRecipientIndicators.OriginatorReport, brown.Indicators);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 15, 50, TimeSpan.Zero), brown.LastTrace.ArrivalTime);
        Assert.Equal(new DeliveryReport(new DateTimeOffset(2026, 11, 3, 9, 16, 0, TimeSpan.Zero), MtsUserType.MessageStore), brown.LastTrace.ReportType);
        Assert.Null(brown.SupplementaryInformation);
    }

    [Fact]
    public void The_hand_built_report_is_what_the_encoder_writes()
    {
        var report = (P1Report)MtsApduCodec.DecodeApdu(Convert.FromHexString(HandBuiltReport));

        Assert.Equal(HandBuiltReport, Convert.ToHexString(MtsApduCodec.Encode(report)));
    }

    [Fact]
    public void A_report_with_every_member_round_trips()
    {
        var report = P1Samples.Report();

        var encoded = MtsApduCodec.Encode(report);

        Assert.Equal(0xA1, encoded[0]);
        Assert.Equal(report, MtsApduCodec.DecodeApdu(encoded));
        AssertDerTree(encoded);
    }

    [Fact]
    public void Delivery_only_and_non_delivery_only_reports_round_trip()
    {
        var sample = P1Samples.Report(returnedContentLength: 0);
        var delivered = sample with { Content = sample.Content with { Recipients = [sample.Content.Recipients[0]], ReturnedContent = null } };
        var refused = sample with { Content = sample.Content with { Recipients = [.. sample.Content.Recipients.Skip(1)] } };

        Assert.Equal(delivered, MtsApduCodec.DecodeApdu(MtsApduCodec.Encode(delivered)));
        Assert.Equal(refused, MtsApduCodec.DecodeApdu(MtsApduCodec.Encode(refused)));
        Assert.Empty(((P1Report)MtsApduCodec.DecodeApdu(MtsApduCodec.Encode(refused))).Content.ReturnedContent!.Value.ToArray());
    }

    [Fact]
    public void A_minimal_report_round_trips_and_omits_what_is_absent()
    {
        var report = new P1Report(
            new P1ReportEnvelope
            {
                ReportIdentifier = new MtsIdentifier(Acme, "r"),
                ReportDestinationName = new OrName(OrAddress.Parse("/S=Smith/O=Acme/ADMD= /C=GB/")),
                Trace = [new TraceInformationElement(Acme, DateTimeOffset.UnixEpoch, RoutingAction.Relayed)],
            },
            new P1ReportContent
            {
                SubjectIdentifier = new MtsIdentifier(Acme, "m"),
                Recipients =
                [
                    new P1ReportRecipient
                    {
                        ActualRecipientName = new OrName(OrAddress.Parse("/S=Jones/O=Acme/ADMD= /C=GB/")),
                        OriginallySpecifiedRecipientNumber = 1,
                        LastTrace = new LastTraceInformation(DateTimeOffset.UnixEpoch, new DeliveryReport(DateTimeOffset.UnixEpoch)),
                    },
                ],
            });

        var encoded = MtsApduCodec.Encode(report);

        Assert.Equal(report, MtsApduCodec.DecodeApdu(encoded));
        var reader = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true));
        Assert.Equal(["[APPLICATION 0]", "[APPLICATION 4]", "[APPLICATION 9]"], Tags(reader.ReadSetOf(skipSortOrderValidation: true)));
        Assert.Equal(["[APPLICATION 4]", "[0]"], Tags(reader.ReadSetOf(skipSortOrderValidation: true)));
        // type-of-MTS-user DEFAULT public is omitted: the DeliveryReport SET holds the delivery time only.
        Assert.EndsWith("A00F" + "800D" + "3730303130313030303030305A", Convert.ToHexString(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_members_are_in_DER_tag_order()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Report());

        var reader = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1, true));
        Assert.Equal(["[APPLICATION 0]", "[APPLICATION 4]", "[APPLICATION 9]", "[1]"], Tags(reader.ReadSetOf(skipSortOrderValidation: true)));
        Assert.Equal(
            ["[UNIVERSAL 6]", "[APPLICATION 4]", "[APPLICATION 5]", "[APPLICATION 9]", "[APPLICATION 10]", "[0]", "[1]", "[2]", "[3]"],
            Tags(reader.ReadSetOf(skipSortOrderValidation: true)));
    }

    [Fact]
    public void A_report_in_indefinite_length_BER_with_reordered_sets_decodes_the_same()
    {
        // Without extension values and additional information: CER would re-encode those, and they are kept as received.
        var sample = P1Samples.Report(returnedContentLength: 2500);
        var report = sample with
        {
            Envelope = sample.Envelope with { Extensions = [P1Extension.Private("1.2.3", Criticality.ForDelivery)] },
            Content = sample.Content with
            {
                AdditionalInformation = null,
                Extensions = [],
                Recipients = [.. sample.Content.Recipients.Select(r => r with { Extensions = [] })],
            },
        };

        var ber = P1Samples.ToIndefiniteLengthBer(MtsApduCodec.Encode(report));

        Assert.Equal(0x80, ber[1]);
        Assert.Equal(report, MtsApduCodec.DecodeApdu(ber));
    }

    [Fact]
    public void Decode_refuses_a_report_and_DecodeApdu_takes_both()
    {
        var report = MtsApduCodec.Encode(P1Samples.Report());
        var message = MtsApduCodec.Encode(P1Samples.Message());

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(report));

        Assert.Equal("MTS-APDU: report [1] at offset 0 is a report, not a message; decode it with DecodeApdu", e.Message);
        Assert.Equal(P1Samples.Message(), Assert.IsType<P1Message>(MtsApduCodec.DecodeApdu(message)));
        Assert.Equal(report, MtsApduCodec.Encode(MtsApduCodec.DecodeApdu(report)));
    }

    [Theory]
    [InlineData("A200", "MTS-APDU: probe [2] at offset 0 is not supported; only message [0] and report [1] are")]
    [InlineData("3000", "MTS-APDU: expected [0] message or [1] report at offset 0, found [UNIVERSAL 16]")]
    [InlineData("", "MTS-APDU: the input is empty")]
    [InlineData("A100", "report: expected [UNIVERSAL 17] envelope SET (ReportTransferEnvelope) at offset 2, found end of input")]
    [InlineData("A1023100", "report envelope: report-identifier missing")]
    [InlineData("A10500", "MTS-APDU: malformed report at offset 0: The encoded length exceeds the number of bytes remaining in the input buffer.")]
    public void DecodeApdu_failures_say_what_and_where(string hex, string expected)
    {
        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeApdu(Convert.FromHexString(hex)));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void A_recipient_without_last_trace_information_is_reported_with_the_SET_offset()
    {
        // Drop the first recipient's last-trace-information [3] (A319 and its 25 octets) and fix the lengths around it.
        var hex = HandBuiltReport.Replace("A319" + "800D3236313130333039313534355A" + "A108A10680010181010F", "", StringComparison.Ordinal)
            .Replace("A1820157", "A182013C", StringComparison.Ordinal)
            .Replace("3181DB", "3181C0", StringComparison.Ordinal)
            .Replace("A0819D", "A08182", StringComparison.Ordinal)
            .Replace("314DA01C", "3132A01C", StringComparison.Ordinal);

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeApdu(Convert.FromHexString(hex)));

        Assert.Equal("report recipient 1: last-trace-information [3] missing in the SET at offset 169", e.Message);
    }

    [Fact]
    public void A_report_type_with_neither_alternative_is_reported()
    {
        // Replace non-delivery [1] { … } by [2] { … } inside report-type.
        var hex = HandBuiltReport.Replace("A108" + "A106", "A108" + "A206", StringComparison.Ordinal);

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeApdu(Convert.FromHexString(hex)));

        Assert.Equal("report recipient 1: last-trace-information: expected delivery [0] or non-delivery [1] in report-type at offset 225, found [2]", e.Message);
    }

    [Fact]
    public void Unnamed_reason_diagnostic_and_user_type_numbers_are_kept()
    {
        var hex = HandBuiltReport
            .Replace("800101" + "81010F", "800163" + "81020100", StringComparison.Ordinal) // reason 99, diagnostic 256
            .Replace("A108A106", "A109A107", StringComparison.Ordinal)
            .Replace("A319800D", "A31A800D", StringComparison.Ordinal)
            .Replace("314DA01C", "314EA01C", StringComparison.Ordinal)
            .Replace("A0819D", "A0819E", StringComparison.Ordinal)
            .Replace("3181DB", "3181DC", StringComparison.Ordinal)
            .Replace("A1820157", "A1820158", StringComparison.Ordinal)
            .Replace("810102" + "8103", "810107" + "8103", StringComparison.Ordinal);    // type-of-MTS-user 7

        var report = (P1Report)MtsApduCodec.DecodeApdu(Convert.FromHexString(hex));

        Assert.Equal(new NonDeliveryReport((NonDeliveryReasonCode)99, (NonDeliveryDiagnosticCode)256), report.Content.Recipients[0].LastTrace.ReportType);
        Assert.Equal((MtsUserType)7, ((DeliveryReport)report.Content.Recipients[1].LastTrace.ReportType).TypeOfMtsUser);
        Assert.Equal(hex, Convert.ToHexString(MtsApduCodec.Encode(report)));
    }

    [Fact]
    public void Encoder_refuses_values_outside_X411_bounds_and_names_the_field()
    {
        var sample = P1Samples.Report();
        var recipient = sample.Content.Recipients[1];

        Assert.Equal("report content: per-recipient-fields needs at least one recipient",
            Error(sample with { Content = sample.Content with { Recipients = [] } }));
        Assert.Equal("report recipient 2: originally-specified-recipient-number 1 is used twice",
            Error(sample with { Content = sample.Content with { Recipients = [sample.Content.Recipients[0], recipient with { OriginallySpecifiedRecipientNumber = 1 }] } }));
        Assert.Equal("report recipient 1: supplementary-information is 257 characters long; X.411 allows at most 256",
            Error(sample with { Content = sample.Content with { Recipients = [recipient with { SupplementaryInformation = new string('x', 257) }] } }));
        Assert.Equal("report recipient 1: non-delivery-reason-code 32768 is outside 0..32767",
            Error(sample with
            {
                Content = sample.Content with { Recipients = [recipient with { LastTrace = recipient.LastTrace with { ReportType = new NonDeliveryReport((NonDeliveryReasonCode)32768) } }] },
            }));
        Assert.Equal("report envelope: trace-information needs at least one entry (X.411 SIZE (1..ub-transfers))",
            Error(sample with { Envelope = sample.Envelope with { Trace = [] } }));

        static string Error(P1Report report) => Assert.ThrowsAny<ArgumentException>(() => MtsApduCodec.Encode(report)).Message;
    }

    private static string[] Tags(AsnReader set)
    {
        var tags = new List<string>();
        while (set.HasData)
        {
            tags.Add(BerCursorDescribe(set.PeekTag()));
            set.ReadEncodedValue();
        }
        return [.. tags];
    }

    private static string BerCursorDescribe(Asn1Tag tag) => tag.TagClass switch
    {
        TagClass.Universal => $"[UNIVERSAL {tag.TagValue}]",
        TagClass.Application => $"[APPLICATION {tag.TagValue}]",
        _ => $"[{tag.TagValue}]",
    };

    private static void AssertDerTree(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var tag = Asn1Tag.Decode(data, out _);
            AsnDecoder.ReadEncodedValue(data, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            if (tag.IsConstructed) AssertDerTree(data.Slice(contentOffset, contentLength));
            data = data[consumed..];
        }
    }
}
