using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>
/// A P1 message assembled octet by octet from the X.411 ASN.1, not by our encoder, in the BER forms a real MTA may
/// send: an indefinite outer length and envelope members out of DER order. Decoding it checks the decoder against
/// the standard rather than against the encoder.
/// </summary>
public sealed class HandBuiltP1Tests
{
    private static readonly byte[] Message = Convert.FromHexString(string.Concat(
        "A080",                                             // MTS-APDU message [0], indefinite length
        "3181C1",                                           //   MessageTransferEnvelope SET, 193 octets
        "6421",                                             //     message-identifier MTSIdentifier [APPLICATION 4]
        "6311",                                             //       global-domain-identifier [APPLICATION 3]
        "61041302" + "4742",                                //         country-name [APPLICATION 1] { PrintableString "GB" }
        "62031301" + "20",                                  //         administration-domain-name [APPLICATION 2] { " " }
        "1304" + "41636D65",                                //         private-domain-identifier PrintableString "Acme"
        "160C" + "68616E642D6275696C742D31",                //       local-identifier IA5String "hand-built-1"
        "602D",                                             //     originator-name ORName [APPLICATION 0]
        "302B",                                             //       built-in-standard-attributes SEQUENCE
        "61041302" + "4742",                                //         country-name "GB"
        "62031301" + "20",                                  //         administration-domain-name " "
        "A2071305" + "49736F6465",                          //         private-domain-name [2] { PrintableString "Isode" }
        "8305" + "49736F6465",                              //         organization-name [3] "Isode"
        "A50E",                                             //         personal-name [5] SET
        "8005" + "4B696C6C65",                              //           surname [0] "Kille"
        "8105" + "5374657665",                              //           given-name [1] "Steve"
        "460116",                                           //     content-type built-in [APPLICATION 6] 22 (IPM 1988)
        "6929",                                             //     trace-information [APPLICATION 9] SEQUENCE OF
        "3027",                                             //       TraceInformationElement SEQUENCE
        "6311" + "610413024742" + "6203130120" + "130441636D65", // global-domain-identifier GB / " " / Acme
        "3112",                                             //         domain-supplied-information SET
        "800D" + "3236303130313132303030305A",              //           arrival-time [0] UTCTime 260101120000Z
        "820100",                                           //           routing-action [2] relayed(0)
        "A235",                                             //     per-recipient-fields [2] SEQUENCE OF
        "3133",                                             //       PerRecipientMessageTransferFields SET
        "602A" + "3028",                                    //         recipient-name ORName { built-in-standard-attributes
        "610413024742" + "6203130120",                      //           "GB", " "
        "A2061304" + "41636D65",                            //           private-domain-name "Acme"
        "8304" + "41636D65",                                //           organization-name "Acme"
        "A50D" + "8005536D697468" + "81044A6F686E",         //           personal-name { surname "Smith", given-name "John" } }
        "800101",                                           //         originally-specified-recipient-number [0] 1
        "81020080",                                         //         per-recipient-indicators [1] BIT STRING 8 bits: responsibility
        "470102",                                           //     priority [APPLICATION 7] urgent(2)
        "A305" + "3003" + "800103",                         //     extensions [3] SET OF { ExtensionField { standard-extension [0] 3 } }
        "0409" + "49504D2D6279746573",                      //   content OCTET STRING "IPM-bytes"
        "0000"));                                           // end of contents of the indefinite length

    [Fact]
    public void Every_field_is_read_from_a_message_built_by_hand()
    {
        var p1 = MtsApduCodec.Decode(Message);
        var e = p1.Envelope;
        var acme = new GlobalDomainIdentifier("GB", " ", "Acme");

        Assert.Equal(new MtsIdentifier(acme, "hand-built-1"), e.MessageIdentifier);
        Assert.Equal(OrAddress.Parse("/G=Steve/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/"), e.Originator.Address);
        Assert.Equal(X400ContentType.FromBuiltIn(22), e.ContentType);
        Assert.Equal(Priority.Urgent, e.Priority);
        Assert.Equal(PerMessageIndicators.None, e.PerMessageIndicators);
        Assert.Null(e.OriginalEncodedInformationTypes);
        Assert.Null(e.ContentIdentifier);
        var trace = Assert.Single(e.Trace);
        Assert.Equal(acme, trace.Domain);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), trace.ArrivalTime);
        Assert.Equal(RoutingAction.Relayed, trace.Action);
        var recipient = Assert.Single(e.Recipients);
        Assert.Equal(OrAddress.Parse("/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/"), recipient.Name.Address);
        Assert.Equal(1, recipient.OriginallySpecifiedRecipientNumber);
        Assert.Equal(PerRecipientIndicators.Responsibility, recipient.Indicators);
        Assert.Equal("IPM-bytes"u8.ToArray(), p1.Content.ToArray());
        var extension = Assert.Single(e.Extensions);
        Assert.True(e.HasStandardExtension(3));
        Assert.Equal(Criticality.None, extension.Criticality);
        Assert.Null(extension.Value);
    }

    [Fact]
    public void Re_encoding_gives_DER_that_decodes_to_the_same_message()
    {
        var p1 = MtsApduCodec.Decode(Message);
        var der = MtsApduCodec.Encode(p1);

        Assert.Equal(0xA0, der[0]);
        Assert.NotEqual(0x80, der[1]); // definite length now
        Assert.Equal(p1, MtsApduCodec.Decode(der));
    }
}
