using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>
/// The envelope is lossless: extensions (standard and private, with criticality and value), deferred delivery,
/// bilateral information, trace details and per-recipient fields come back as they went, values octet for octet.
/// </summary>
public sealed class P1ExtensionTests
{
    private static string Hex(byte[] encoded) => Convert.ToHexString(encoded);

    [Fact]
    public void An_envelope_with_every_member_round_trips()
    {
        var message = new P1Message(P1Samples.RichEnvelope(), new byte[] { 1, 2, 3 });

        var decoded = MtsApduCodec.Decode(MtsApduCodec.Encode(message));

        Assert.Equal(message, decoded);
        Assert.Equal(message.Envelope.DeferredDeliveryTime, decoded.Envelope.DeferredDeliveryTime);
        Assert.Equal(new GlobalDomainIdentifier("FR", "ATLAS", "Gouv"), decoded.Envelope.Trace[1].AttemptedDomain);
        Assert.Equal(11, decoded.Envelope.Recipients[0].ExplicitConversion);
        Assert.Equal("order 42", decoded.Envelope.ContentCorrelator?.Ia5Text);
    }

    [Fact]
    public void Unknown_extension_values_survive_octet_for_octet_even_in_BER_only_form()
    {
        var envelope = P1Samples.RichEnvelope();
        var encoded = MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty));

        var decoded = MtsApduCodec.Decode(encoded).Envelope;

        foreach (var sent in envelope.Extensions)
        {
            var received = P1Extension.Find(decoded.Extensions, sent.Type);
            Assert.NotNull(received);
            Assert.Equal(sent.Criticality, received.Criticality);
            Assert.Equal(sent.Value?.ToString(), received.Value?.ToString());
        }
        // The private extension's indefinite-length value sits in its explicit [2] as it came, with a DER length around it.
        Assert.Contains("A20B" + "2480" + "0402ABCD" + "0401EF" + "0000", Hex(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_field_is_encoded_as_X411_says()
    {
        var envelope = P1Samples.Envelope() with
        {
            Extensions = [P1Extension.Standard(200, Criticality.ForTransfer | Criticality.ForDelivery, BerValue.FromHex("3006" + "020101" + "0401FF"))],
        };

        var encoded = Hex(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        Assert.Contains(
            "A314" +                   // extensions [3] SET OF (implicit, replaces the SET tag)
            "3012" +                   // ExtensionField SEQUENCE
            "800200C8" +               //   type: standard-extension [0] INTEGER 200
            "81020560" +               //   criticality [1] BIT STRING {for-transfer, for-delivery}: 3 bits, 5 unused
            "A208" + "3006020101" + "0401FF", // value [2] explicit (open type), wrapping the value's own SEQUENCE
            encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_criticality_and_a_NULL_value_are_omitted_and_read_back_as_defaults()
    {
        var extension = P1Extension.Standard(5, Criticality.None, BerValue.FromHex("0500"));
        Assert.Null(extension.Value);
        var envelope = P1Samples.Envelope() with { Extensions = [extension] };
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));
        Assert.Contains(members, m => Hex(m) == "A305" + "3003" + "800105");

        // Another encoder may write the defaults out: an empty criticality and an explicit NULL.
        members.RemoveAll(m => m[0] == 0xA3);
        members.Add(Convert.FromHexString("A30C" + "300A" + "800105" + "810100" + "A2020500"));
        var decoded = MtsApduCodec.Decode(P1Samples.Join(members, content));

        Assert.Equal([P1Extension.Standard(5)], decoded.Envelope.Extensions);
    }

    [Fact]
    public void A_content_correlator_as_ia5text_is_written_and_read_through_the_extension_list()
    {
        var envelope = P1Samples.Envelope().WithContentCorrelator(ContentCorrelator.FromIa5Text("hi"));

        var encoded = MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty));
        var decoded = MtsApduCodec.Decode(encoded).Envelope;

        // standard-extension [0] 23, value [2] explicit { IA5String "hi" }
        Assert.Contains("3009" + "800117" + "A204" + "16026869", Hex(encoded), StringComparison.Ordinal);
        Assert.Equal(ContentCorrelator.FromIa5Text("hi"), decoded.ContentCorrelator);
        Assert.Null(decoded.ContentCorrelator!.Octets);
        Assert.Equal(3, decoded.Extensions.Count);
    }

    [Fact]
    public void A_content_correlator_as_octets_is_written_and_read_through_the_extension_list()
    {
        var envelope = P1Samples.Envelope().WithContentCorrelator(ContentCorrelator.FromOctets([0xC0, 0xFF, 0xEE]), Criticality.ForDelivery);

        var encoded = MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty));
        var decoded = MtsApduCodec.Decode(encoded).Envelope;

        // standard-extension 23, criticality {for-delivery}, value [2] explicit { OCTET STRING C0FFEE }
        Assert.Contains("300E" + "800117" + "81020520" + "A205" + "0403C0FFEE", Hex(encoded), StringComparison.Ordinal);
        Assert.Equal([0xC0, 0xFF, 0xEE], decoded.ContentCorrelator!.Octets!.Value.ToArray());
        Assert.Null(decoded.ContentCorrelator.Ia5Text);
        Assert.Equal(Criticality.ForDelivery, P1Extension.Find(decoded.Extensions, P1ExtensionType.Standard(23))!.Criticality);
    }

    [Fact]
    public void Setting_a_content_correlator_replaces_the_old_one_and_null_removes_it()
    {
        var first = P1Samples.Envelope().WithContentCorrelator(ContentCorrelator.FromIa5Text("one"));

        var second = first.WithContentCorrelator(ContentCorrelator.FromIa5Text("two"));
        var none = second.WithContentCorrelator(null);

        Assert.Equal("two", second.ContentCorrelator!.Ia5Text);
        Assert.Single(second.Extensions, e => e.Type.StandardNumber == 23);
        Assert.Null(none.ContentCorrelator);
        Assert.Equal(P1Samples.Envelope().Extensions, none.Extensions);
    }

    [Fact]
    public void A_content_correlator_in_constructed_BER_is_read()
    {
        // IA5String in the constructed form (X.690 8.23.6): two OCTET STRING segments "ab" and "c", indefinite length.
        var correlator = ContentCorrelator.Decode(BerValue.FromHex("3680" + "04026162" + "040163" + "0000"));

        Assert.Equal("abc", correlator.Ia5Text);
    }

    [Fact]
    public void A_content_correlator_that_is_neither_alternative_is_refused_both_ways()
    {
        var bad = P1Extension.Standard(23, value: BerValue.FromHex("020105"));
        var envelope = P1Samples.Envelope() with { Extensions = [bad] };

        var encodeError = Assert.ThrowsAny<ArgumentException>(() => MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0xA3);
        members.Add(Convert.FromHexString("A30A" + "3008" + "800117" + "A203" + "020105"));
        var decodeError = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.Equal("envelope extensions: standard-extension 23 (content-correlator): the value is [UNIVERSAL 2], neither ia5text (IA5String) nor octets (OCTET STRING)",
            encodeError.Message);
        Assert.StartsWith("envelope extensions: standard-extension 23 (content-correlator) at offset ", decodeError.Message, StringComparison.Ordinal);
        Assert.EndsWith(": the value is [UNIVERSAL 2], neither ia5text (IA5String) nor octets (OCTET STRING)", decodeError.Message, StringComparison.Ordinal);
        Assert.Null((P1Samples.Envelope() with { Extensions = [bad] }).ContentCorrelator);
    }

    [Fact]
    public void The_same_extension_type_twice_is_refused_both_ways()
    {
        var envelope = P1Samples.Envelope() with { Extensions = [P1Extension.Private("1.2.3"), P1Extension.Private("1.2.3", Criticality.ForDelivery)] };
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0xA3);
        members.Add(Convert.FromHexString("A30A" + "3003" + "800103" + "3003" + "800103"));

        var encodeError = Assert.ThrowsAny<ArgumentException>(() => MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));
        var decodeError = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.Equal("envelope extensions: private-extension 1.2.3 appears more than once (X.411 allows at most one instance of each extension type)", encodeError.Message);
        Assert.Matches(@"^envelope extensions: standard-extension 3 \(dl-expansion-prohibited\) at offset \d+ appears more than once; X.411 allows one of each type$", decodeError.Message);
    }

    [Theory]
    [InlineData("3004" + "8002012D", "envelope extensions: standard-extension 301 at offset ")]              // above ub-extension-types
    [InlineData("3005" + "800103" + "A200", "envelope extensions: value [2] of standard-extension 3 (dl-expansion-prohibited) at offset ")] // empty explicit tag
    [InlineData("3006" + "800103" + "820101", "envelope extensions: value of standard-extension 3 (dl-expansion-prohibited) at offset ")] // primitive [2]
    [InlineData("3003" + "810100", "envelope extensions: expected [0] standard-extension or [3] private-extension at offset ")]
    [InlineData("3009" + "800103" + "A2020500" + "020101", "envelope extensions: unexpected [UNIVERSAL 2] at offset ")]
    public void Malformed_extension_fields_are_reported_with_their_offset(string field, string expectedStart)
    {
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0xA3);
        var body = Convert.FromHexString(field);
        members.Add([0xA3, (byte)body.Length, .. body]);

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.StartsWith(expectedStart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_recipient_explicit_conversion_and_extensions_are_kept()
    {
        var envelope = P1Samples.RichEnvelope();
        var encoded = Hex(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        var first = MtsApduCodec.Decode(Convert.FromHexString(encoded)).Envelope.Recipients[0];

        Assert.Contains("82010B", encoded, StringComparison.Ordinal); // explicit-conversion [2] INTEGER 11 (teletex-to-ia5-text)
        Assert.Equal(11, first.ExplicitConversion);
        Assert.Equal(2, first.Extensions.Count);
        Assert.All(envelope.Recipients[0].Extensions, e => Assert.Contains(e, first.Extensions));
    }

    [Fact]
    public void Deferred_delivery_time_is_an_implicit_UTCTime_tagged_0()
    {
        var envelope = P1Samples.Envelope() with { DeferredDeliveryTime = new DateTimeOffset(2026, 11, 4, 9, 0, 0, TimeSpan.FromHours(1)) };

        var (members, _) = P1Samples.Split(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        Assert.Contains(members, m => Hex(m) == "800D" + "3236313130343038303030305A"); // 261104080000Z
    }

    [Fact]
    public void Per_domain_bilateral_information_is_carried_as_it_came()
    {
        var envelope = P1Samples.RichEnvelope();
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        Assert.Contains(members, m => Hex(m) == "A110" + "300E" + "6104130247426203130120" + "020107");
        // Any BER of it, here an indefinite-length SEQUENCE, comes back octet for octet.
        members.RemoveAll(m => m[0] == 0xA1);
        members.Add(Convert.FromHexString("A112" + "3080" + "6104130247426203130120" + "020107" + "0000"));
        var decoded = MtsApduCodec.Decode(P1Samples.Join(members, content));

        Assert.Equal("3080" + "6104130247426203130120" + "020107" + "0000", Assert.Single(decoded.Envelope.PerDomainBilateralInformation).ToString());
    }

    [Fact]
    public void Trace_attempted_domain_and_additional_actions_are_kept()
    {
        var envelope = P1Samples.RichEnvelope();
        var encoded = Hex(MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        var entry = MtsApduCodec.Decode(Convert.FromHexString(encoded)).Envelope.Trace[1];

        // domain-supplied-information SET in DER tag order: attempted-domain [APPLICATION 3], arrival-time [0],
        // deferred-time [1], routing-action [2] rerouted, other-actions [3].
        Assert.Contains(
            "6315" + "610413024652" + "62071305" + "41544C4153" + "1304" + "476F7576" // attempted-domain C=FR ADMD=ATLAS PRMD=Gouv
            + "800D" + "3236313130333039313633315A"                                    // arrival-time [0] 261103091631Z
            + "810D" + "3236313130343038303030305A"                                    // deferred-time [1], as it came
            + "820101"                                                                 // routing-action [2] rerouted
            + "83020640",                                                              // other-actions [3], as it came
            encoded, StringComparison.Ordinal);
        Assert.Equal(new GlobalDomainIdentifier("FR", "ATLAS", "Gouv"), entry.AttemptedDomain);
        Assert.Equal(["810D3236313130343038303030305A", "83020640"], entry.AdditionalActions.Select(a => a.ToString()));
    }

    [Fact]
    public void An_additional_action_that_repeats_a_modelled_member_is_refused()
    {
        var trace = new TraceInformationElement(P1Samples.GatewayDomain, DateTimeOffset.UnixEpoch, RoutingAction.Relayed)
        {
            AdditionalActions = [BerValue.FromHex("800D" + "3236313130343038303030305A")],
        };
        var envelope = P1Samples.Envelope() with { Trace = [trace] };

        var e = Assert.ThrowsAny<ArgumentException>(() => MtsApduCodec.Encode(new P1Message(envelope, ReadOnlyMemory<byte>.Empty)));

        Assert.Equal("trace-information entry 1: domain-supplied-information: [0] appears more than once", e.Message);
    }

    [Fact]
    public void A_BerValue_is_exactly_one_element()
    {
        Assert.Throws<ArgumentException>(() => BerValue.FromHex("020101" + "020102"));
        Assert.Throws<ArgumentException>(() => BerValue.FromHex("0203"));
        Assert.Throws<ArgumentException>(() => BerValue.FromHex(""));
        Assert.Equal(BerValue.FromHex("020101"), new BerValue([0x02, 0x01, 0x01]));
        Assert.True(BerValue.FromHex("0500").IsNull);
    }

    [Fact]
    public void Extension_types_are_named_and_bounded()
    {
        Assert.Equal("standard-extension 23 (content-correlator)", P1ExtensionType.Standard(23).ToString());
        Assert.Equal("standard-extension 250", P1ExtensionType.Standard(250).ToString());
        Assert.Equal("private-extension 1.2.3", P1ExtensionType.Private("1.2.3").ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => P1ExtensionType.Standard(257));
        Assert.Throws<ArgumentException>(() => P1ExtensionType.Private("1"));
        Assert.NotEqual(P1ExtensionType.Standard(1), P1ExtensionType.Private("1.1"));
    }

    [Fact]
    public void Extension_equality_ignores_order_but_not_criticality_or_value()
    {
        var a = P1Samples.Envelope();
        var reversed = a with { Extensions = [.. a.Extensions.Reverse()] };
        var moreCritical = a with { Extensions = [a.Extensions[0] with { Criticality = Criticality.ForTransfer }, a.Extensions[1]] };
        var otherValue = a with { Extensions = [a.Extensions[0] with { Value = BerValue.FromHex("0A0100") }, a.Extensions[1]] };

        Assert.Equal(a, reversed);
        Assert.Equal(a.GetHashCode(), reversed.GetHashCode());
        Assert.NotEqual(a, moreCritical);
        Assert.NotEqual(a, otherValue);
    }

    [Fact]
    public void Extensions_are_in_DER_SET_OF_order()
    {
        var encoded = MtsApduCodec.Encode(new P1Message(P1Samples.RichEnvelope(), ReadOnlyMemory<byte>.Empty));
        var (members, _) = P1Samples.Split(encoded);
        var set = new AsnReader(members.Single(m => m[0] == 0xA3), AsnEncodingRules.DER);

        // The DER reader checks the X.690 11.6 order of a SET OF; a wrong order throws here.
        var fields = set.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 3, true));
        var count = 0;
        while (fields.HasData)
        {
            fields.ReadEncodedValue();
            count++;
        }
        Assert.Equal(5, count);
    }
}
