using System.Formats.Asn1;
using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class MtsApduCodecTests
{
    [Fact]
    public void Message_round_trips_through_DER()
    {
        var message = P1Samples.Message();

        var decoded = MtsApduCodec.Decode(MtsApduCodec.Encode(message));

        Assert.Equal(message, decoded);
    }

    [Theory]
    [InlineData("22")]
    [InlineData("0")]
    [InlineData("2.6.1.10.1")]
    [InlineData("1.3.26.0.4406.0.4.1")]
    public void Built_in_and_extended_content_types_round_trip(string contentType)
    {
        var message = P1Samples.Message(contentType: X400ContentType.TryParse(contentType, out var ct, out _) ? ct : throw new InvalidOperationException());

        Assert.Equal(ct, MtsApduCodec.Decode(MtsApduCodec.Encode(message)).Envelope.ContentType);
    }

    [Fact]
    public void Minimal_envelope_with_defaults_round_trips_and_omits_default_members()
    {
        var envelope = P1Samples.Envelope() with
        {
            OriginalEncodedInformationTypes = null,
            ContentIdentifier = null,
            Priority = Priority.Normal,
            PerMessageIndicators = PerMessageIndicators.None,
            Extensions = [],
        };
        var message = new P1Message(envelope, ReadOnlyMemory<byte>.Empty);

        var encoded = MtsApduCodec.Encode(message);

        Assert.Equal(message, MtsApduCodec.Decode(encoded));
        Assert.Equal(
            ["[UNIVERSAL 6]", "[APPLICATION 0]", "[APPLICATION 4]", "[APPLICATION 9]", "[2]"],
            P1Samples.Split(encoded).Members.Select(m => Describe(P1Samples.TagOf(m))));
    }

    [Fact]
    public void Encoding_is_an_implicitly_tagged_message_whose_envelope_members_are_in_DER_tag_order()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Message());

        Assert.Equal(0xA0, encoded[0]);
        var (members, _) = P1Samples.Split(encoded);
        // X.690 10.3: universal before application before context, then by number; not by octet value.
        Assert.Equal(
            ["[UNIVERSAL 6]", "[APPLICATION 0]", "[APPLICATION 4]", "[APPLICATION 5]", "[APPLICATION 7]", "[APPLICATION 8]", "[APPLICATION 9]", "[APPLICATION 10]", "[2]", "[3]"],
            members.Select(m => Describe(P1Samples.TagOf(m))));
    }

    [Fact]
    public void Encoding_is_valid_DER_throughout()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Message(contentType: X400ContentType.FromBuiltIn(22)));

        // Every length must be definite and minimal under the DER reader; a BER-only encoding throws here.
        AssertDerTree(encoded);
    }

    [Fact]
    public void Per_recipient_indicators_keep_their_eight_bit_minimum()
    {
        var message = P1Samples.Message();
        var encoded = MtsApduCodec.Encode(message);

        // [1] IMPLICIT BIT STRING, 0 unused bits, one octet: responsibility (bit 0) and originating-MTA-non-delivery-report (bit 2).
        Assert.Contains("8102" + "00" + "A0", Convert.ToHexString(encoded), StringComparison.Ordinal);
        // The second recipient: originating-MTA-report (bit 1) and originator-non-delivery-report (bit 4).
        Assert.Contains("8102" + "00" + "48", Convert.ToHexString(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_DER_of_a_small_ORName_matches_the_hand_derived_vector()
    {
        var name = new OrName(OrAddress.Parse("/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/"));

        var expected =
            "6026" +                           // ORName [APPLICATION 0], implicit: replaces the SEQUENCE tag
            "3024" +                           // built-in-standard-attributes SEQUENCE
            "6104" + "13024742" +              // country-name [APPLICATION 1] explicit { PrintableString "GB" }
            "6203" + "130120" +                // administration-domain-name [APPLICATION 2] explicit { " " }
            "A207" + "130549736F6465" +        // private-domain-name [2] explicit (CHOICE) { "Isode" }
            "830549736F6465" +                 // organization-name [3] implicit "Isode"
            "A507" + "80054B696C6C65";         // personal-name [5] SET { surname [0] "Kille" }

        Assert.Equal(expected, Convert.ToHexString(MtsApduCodec.EncodeOrName(name)));
        Assert.Equal(name, MtsApduCodec.DecodeOrName(Convert.FromHexString(expected)));
    }

    [Fact]
    public void Exact_DER_of_an_ORName_with_OU_given_name_DDA_and_common_name()
    {
        var name = new OrName(OrAddress.Parse("/DD.RFC-822=a(a)b/CN=Bob/G=J/S=Doe/OU1=R+D/O=Acme/ADMD= /C=US/"));

        var expected =
            "6046" +
            "3022" +
            "6104" + "13025553" +
            "6203" + "130120" +
            "83044163" + "6D65" +              // O "Acme"
            "A508" + "8003446F65" + "81014A" + // personal-name SET { surname [0] "Doe", given-name [1] "J" }
            "A605" + "1303522B44" +            // organizational-unit-names [6] SEQUENCE OF { "R+D" }
            "3012" + "3010" +                  // built-in-domain-defined-attributes SEQUENCE OF SEQUENCE
            "13075246432D383232" +             //   type "RFC-822"
            "13056128612962" +                 //   value "a(a)b"
            "310C" + "300A" +                  // extension-attributes SET OF SEQUENCE
            "800101" +                         //   extension-attribute-type [0] 1 (common-name)
            "A105" + "1303426F62";             //   extension-attribute-value [1] explicit { "Bob" }

        Assert.Equal(expected, Convert.ToHexString(MtsApduCodec.EncodeOrName(name)));
        Assert.Equal(name, MtsApduCodec.DecodeOrName(Convert.FromHexString(expected)));
    }

    [Fact]
    public void Numeric_country_is_encoded_as_NumericString()
    {
        var encoded = MtsApduCodec.EncodeOrName(new OrName(OrAddress.Parse("/S=X/C=234/")));

        Assert.Equal("600E" + "300C" + "6105" + "1203323334" + "A503" + "800158", Convert.ToHexString(encoded));
    }

    [Fact]
    public void Directory_name_is_skipped_and_noted()
    {
        // ORName { BSA { C=GB }, directory-name [0] explicit { RDNSequence { RDN { cn=x } } } }
        var hex = "6019" + "3006" + "61041302" + "4742" + "A00F" + "300D" + "310B" + "3009" + "0603550403" + "1302" + "7879";

        var name = MtsApduCodec.DecodeOrName(Convert.FromHexString(hex));

        Assert.True(name.HadDirectoryName);
        Assert.Equal(new OrAddress { Country = "GB" }, name.Address);
    }

    [Fact]
    public void Constructed_BER_PrintableString_in_an_address_is_accepted()
    {
        // organization-name [3] in the constructed form: segments "Is" and "ode" as OCTET STRINGs (X.690 8.23.6).
        var hex = "6013" + "3011" + "61041302" + "4742" + "A309" + "04024973" + "04036F6465";

        var name = MtsApduCodec.DecodeOrName(Convert.FromHexString(hex));

        Assert.Equal(new OrAddress { Country = "GB", Organization = "Isode" }, name.Address);
    }

    [Fact]
    public void Indefinite_lengths_constructed_strings_and_reordered_sets_decode_to_the_same_message()
    {
        var message = P1Samples.Message(contentLength: 2500);
        var der = MtsApduCodec.Encode(message);

        var ber = P1Samples.ToIndefiniteLengthBer(der);

        Assert.Equal(0x80, ber[1]); // indefinite length on the outer [0]
        Assert.NotEqual(P1Samples.Split(der).Members.Select(P1Samples.TagOf), P1Samples.Split(ber).Members.Select(P1Samples.TagOf));
        Assert.Equal(message, MtsApduCodec.Decode(ber));
    }

    [Fact]
    public void Reversed_envelope_member_order_is_accepted()
    {
        var message = P1Samples.Message();
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(message));
        members.Reverse();

        Assert.Equal(message, MtsApduCodec.Decode(P1Samples.Join(members, content)));
    }

    [Fact]
    public void Envelope_members_X411_does_not_define_are_skipped()
    {
        var message = P1Samples.Message();
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(message));
        members.Add(Convert.FromHexString("DF2A020102")); // [PRIVATE 42] something new

        Assert.Equal(message, MtsApduCodec.Decode(P1Samples.Join(members, content)));
    }

    [Fact]
    public void Deferred_delivery_time_is_decoded_not_skipped()
    {
        var message = P1Samples.Message();
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(message));
        members.Add(Convert.FromHexString("800D" + "3236313130333039313533305A")); // deferred-delivery-time [0] UTCTime 261103091530Z

        var decoded = MtsApduCodec.Decode(P1Samples.Join(members, content));

        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 15, 30, TimeSpan.Zero), decoded.Envelope.DeferredDeliveryTime);
        Assert.Equal(message.Envelope with { DeferredDeliveryTime = decoded.Envelope.DeferredDeliveryTime }, decoded.Envelope);
    }

    [Fact]
    public void Unknown_extensions_keep_their_type_criticality_and_value()
    {
        var message = P1Samples.Message();
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(message));
        var extensions = new AsnWriter(AsnEncodingRules.BER);
        using (extensions.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 3, true)))
        {
            // standard-extension 20 (message-security-label) with criticality [1] {for-delivery} and a value [2]
            extensions.WriteEncodedValue(Convert.FromHexString("300C" + "800114" + "81020520" + "A203" + "020101"));
            // private-extension [3] OID 1.2.3
            extensions.WriteEncodedValue(Convert.FromHexString("3004" + "83022A03"));
            extensions.WriteEncodedValue(Convert.FromHexString("3003" + "800103"));
        }
        members.RemoveAll(m => P1Samples.TagOf(m) == new Asn1Tag(TagClass.ContextSpecific, 3, true));
        members.Add(extensions.Encode());

        var decoded = MtsApduCodec.Decode(P1Samples.Join(members, content));

        Assert.Equal(
            [
                P1Extension.Standard(20, Criticality.ForDelivery, BerValue.FromHex("020101")),
                P1Extension.Private("1.2.3"),
                P1Extension.Standard(3),
            ],
            decoded.Envelope.Extensions);
        Assert.True(decoded.Envelope.HasStandardExtension(3));
        Assert.False(decoded.Envelope.HasStandardExtension(1));
    }

    [Fact]
    public void Relative_oid_content_type_with_complete_arcs_is_tolerated()
    {
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0x06);
        members.Add(Convert.FromHexString("0D09" + "01031A00A236000401")); // RELATIVE-OID 1.3.26.0.4406.0.4.1

        var decoded = MtsApduCodec.Decode(P1Samples.Join(members, content));

        Assert.Equal("1.3.26.0.4406.0.4.1", decoded.Envelope.ContentType.Oid);
    }

    [Fact]
    public void Relative_oid_content_type_that_is_not_a_complete_oid_is_reported()
    {
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0x06);
        members.Insert(0, Convert.FromHexString("0D05" + "A236000401")); // RELATIVE-OID 4406.0.4.1

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.Equal("envelope: extended content-type RELATIVE-OID 4406.0.4.1 at offset 8 is not a complete object identifier", e.Message);
    }

    [Fact]
    public void Truncated_input_is_reported_at_the_outer_element()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Message());

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(encoded.AsMemory(0, encoded.Length / 2)));

        Assert.Equal("MTS-APDU: malformed message at offset 0: The encoded length exceeds the number of bytes remaining in the input buffer.", e.Message);
    }

    [Fact]
    public void Wrong_outer_tag_is_reported()
    {
        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(Convert.FromHexString("30030402AABB")));

        Assert.Equal("MTS-APDU: expected [0] message at offset 0, found [UNIVERSAL 16]", e.Message);
    }

    [Fact]
    public void Decode_names_a_report_as_a_report_and_a_probe_as_unsupported()
    {
        var report = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(Convert.FromHexString("A100")));
        var probe = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(Convert.FromHexString("A200")));

        Assert.Equal("MTS-APDU: report [1] at offset 0 is a report, not a message; decode it with DecodeApdu", report.Message);
        Assert.Equal("MTS-APDU: probe [2] at offset 0 is not supported; only message [0] is", probe.Message);
    }

    [Fact]
    public void Empty_input_is_reported()
    {
        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(ReadOnlyMemory<byte>.Empty));

        Assert.Equal("MTS-APDU: the input is empty", e.Message);
    }

    [Fact]
    public void Trailing_garbage_is_reported_with_its_size_and_offset()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Message());

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(encoded.Concat(new byte[] { 0x00, 0x00, 0x01 }).ToArray()));

        Assert.Equal($"trailing bytes after MTS-APDU: 3 bytes at offset {encoded.Length}", e.Message);
    }

    [Fact]
    public void Missing_content_type_is_reported()
    {
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.RemoveAll(m => m[0] == 0x06);

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.Equal("envelope: content-type missing", e.Message);
    }

    [Fact]
    public void Two_content_types_are_a_duplicate()
    {
        var (members, content) = P1Samples.Split(MtsApduCodec.Encode(P1Samples.Message()));
        members.Add(Convert.FromHexString("460116"));

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(P1Samples.Join(members, content)));

        Assert.StartsWith("envelope: [APPLICATION 6] at offset ", e.Message);
        Assert.EndsWith(" appears more than once", e.Message);
    }

    [Fact]
    public void Missing_content_octets_are_reported()
    {
        var encoded = MtsApduCodec.Encode(P1Samples.Message());
        var (members, _) = P1Samples.Split(encoded);
        var w = new AsnWriter(AsnEncodingRules.BER);
        using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
        using (w.PushSetOf())
        {
            foreach (var m in members) w.WriteEncodedValue(m);
        }
        var withoutContent = w.Encode();

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.Decode(withoutContent));

        Assert.Equal($"message: expected [UNIVERSAL 4] content OCTET STRING at offset {withoutContent.Length}, found end of input", e.Message);
    }

    [Fact]
    public void Unsupported_extension_attribute_in_an_address_is_refused_not_dropped()
    {
        // ORName { BSA { C=GB }, extension-attributes { { type [0] 2 (teletex-common-name), [1] { T61String "x" } } } }
        var hex = "6014" + "3006" + "61041302" + "4742" + "310A" + "3008" + "800102" + "A103" + "140178";

        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeOrName(Convert.FromHexString(hex)));

        Assert.Equal("ORName: extension-attribute type 2 at offset 14 is not supported (only common-name, type 1)", e.Message);
    }

    [Fact]
    public void Unsupported_standard_attribute_in_an_address_is_refused_not_dropped()
    {
        // ORName { BSA { C=GB, numeric-user-identifier [4] "42" } }
        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeOrName(Convert.FromHexString("600C" + "300A" + "6104" + "13024742" + "84023432")));

        Assert.Equal("ORName: numeric-user-identifier [4] at offset 10 is not supported", e.Message);
    }

    [Fact]
    public void Invalid_printable_string_inside_an_address_is_reported_with_its_offset()
    {
        // organization-name [3] "a@b": '@' is not in the PrintableString repertoire.
        var e = Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeOrName(Convert.FromHexString("6007" + "3005" + "8303614062")));

        Assert.StartsWith("ORName: malformed organization-name at offset 4: ", e.Message);
    }

    [Fact]
    public void Encoder_refuses_values_outside_X411_bounds_and_names_the_field()
    {
        var tooLong = P1Samples.Envelope() with { ContentIdentifier = "ABCDEFGHIJKLMNOPQ" };
        var noTrace = P1Samples.Envelope() with { Trace = [] };
        var badNumber = P1Samples.Envelope() with { Recipients = [new P1Recipient(P1Samples.Originator, 0, PerRecipientIndicators.Responsibility)] };
        var badLocalId = P1Samples.Envelope() with { MessageIdentifier = new MtsIdentifier(P1Samples.GatewayDomain, new string('x', 33)) };
        var badAddress = P1Samples.Envelope() with { Originator = new OrName(new OrAddress { GivenName = "Solo" }) };

        Assert.Equal("content-identifier is 17 characters long; X.411 allows at most 16", Error(tooLong));
        Assert.Equal("envelope: trace-information needs at least one entry (X.411 SIZE (1..ub-transfers))", Error(noTrace));
        Assert.Equal("recipient 1: originally-specified-recipient-number 0 is outside 1..32767", Error(badNumber));
        Assert.Equal("message-identifier: local-identifier is 33 characters long; X.411 allows at most 32", Error(badLocalId));
        Assert.StartsWith("originator-name: G is set but S is missing", Error(badAddress));

        static string Error(P1Envelope envelope) =>
            Assert.ThrowsAny<ArgumentException>(() => MtsApduCodec.Encode(new P1Message(envelope, new byte[] { 1 }))).Message;
    }

    [Fact]
    public void Decoded_trace_time_is_the_same_instant_in_UTC()
    {
        var decoded = MtsApduCodec.Decode(MtsApduCodec.Encode(P1Samples.Message()));

        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 16, 31, TimeSpan.Zero), decoded.Envelope.Trace[1].ArrivalTime);
        Assert.Equal(TimeSpan.Zero, decoded.Envelope.Trace[1].ArrivalTime.Offset);
    }

    private static string Describe(Asn1Tag tag) => tag.TagClass switch
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
