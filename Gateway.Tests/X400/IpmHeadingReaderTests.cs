using System.Formats.Asn1;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>
/// The X.420 heading reader against IPMs built here with AsnWriter (independently of the reader), a hand-derived
/// hex vector, other BER shapes of the same heading, and hostile input.
/// </summary>
public sealed class IpmHeadingReaderTests
{
    private static readonly OrName Alice = new(OrAddress.Parse("/G=Alice/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
    private static readonly OrName Bob = new(OrAddress.Parse("/S=Jones/O=Acme/ADMD= /C=GB/"));
    private static readonly OrName Carol = new(OrAddress.Parse("/DD.RFC-822=carol(a)example.com/PRMD=Internet/ADMD= /C=GB/"));
    private static readonly OrName Dave = new(OrAddress.Parse("/S=Brown/ADMD=ATT/C=US/"));

    private static Asn1Tag Ctx(int n, bool constructed = true) => new(TagClass.ContextSpecific, n, constructed);

    private static void WriteDescriptor(AsnWriter w, Asn1Tag tag, OrName? formal, string? freeForm, string? telephone = null)
    {
        using (w.PushSequence(tag))
        {
            if (formal is not null) w.WriteEncodedValue(MtsApduCodec.EncodeOrName(formal));
            if (freeForm is not null) w.WriteCharacterString(UniversalTagNumber.T61String, freeForm, Ctx(0, constructed: false));
            if (telephone is not null) w.WriteCharacterString(UniversalTagNumber.PrintableString, telephone, Ctx(1, constructed: false));
        }
    }

    private static byte[] ThisIpm(OrName? user, string id)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSetOf(new Asn1Tag(TagClass.Application, 11, true)))
        {
            if (user is not null) w.WriteEncodedValue(MtsApduCodec.EncodeOrName(user));
            w.WriteCharacterString(UniversalTagNumber.PrintableString, id);
        }
        return w.Encode();
    }

    private static byte[] Recipients(int tag, params (OrName? Formal, string? FreeForm)[] recipients)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence(Ctx(tag)))
        {
            foreach (var (formal, freeForm) in recipients)
            {
                using (w.PushSetOf())
                {
                    WriteDescriptor(w, Ctx(0), formal, freeForm);
                    // notification-requests [1] and reply-requested [2], which the reader skips.
                    w.WriteNamedBitList(NotificationRequests.Rn, Ctx(1, constructed: false));
                    w.WriteBoolean(true, Ctx(2, constructed: false));
                }
            }
        }
        return w.Encode();
    }

    [Flags]
    private enum NotificationRequests
    {
        None = 0,
        Rn = 1,
    }

    /// <summary>The heading members of the full sample, each a complete TLV, in X.420 tag order.</summary>
    private static List<byte[]> FullMembers()
    {
        var originator = new AsnWriter(AsnEncodingRules.DER);
        WriteDescriptor(originator, Ctx(0), Alice, "Alice Smith", "+44 20 7946 0000");
        var subject = new AsnWriter(AsnEncodingRules.DER);
        using (subject.PushSequence(Ctx(8))) subject.WriteCharacterString(UniversalTagNumber.T61String, "Quarterly report");
        var importance = new AsnWriter(AsnEncodingRules.DER);
        importance.WriteEnumeratedValue(IpmImportance.High, Ctx(12, constructed: false));
        var autoForwarded = new AsnWriter(AsnEncodingRules.DER);
        autoForwarded.WriteBoolean(false, Ctx(14, constructed: false));
        return
        [
            ThisIpm(Alice, "20261123.0001"),
            originator.Encode(),
            Recipients(2, (Bob, "Bob Jones"), (Carol, "Carol")),
            Recipients(3, (Dave, "Dave Brown")),
            subject.Encode(),
            importance.Encode(),
            autoForwarded.Encode(),
        ];
    }

    private static byte[] Ipm(IEnumerable<byte[]> headingMembers)
    {
        var w = new AsnWriter(AsnEncodingRules.BER);
        using (w.PushSequence(Ctx(0)))
        {
            // A BER writer keeps SET OF members in the order given (DER and CER would sort them).
            using (w.PushSetOf())
            {
                foreach (var m in headingMembers) w.WriteEncodedValue(m);
            }
            using (w.PushSequence())
            {
                using (w.PushSequence(Ctx(0)))
                {
                    using (w.PushSetOf()) { }
                    w.WriteCharacterString(UniversalTagNumber.IA5String, "Hello");
                }
            }
        }
        return w.Encode();
    }

    private static readonly IpmHeading Expected = new()
    {
        ThisIpm = new IpmIdentifier(Alice, "20261123.0001"),
        Originator = new OrDescriptor(Alice, "Alice Smith", "+44 20 7946 0000"),
        PrimaryRecipients = [new OrDescriptor(Bob, "Bob Jones"), new OrDescriptor(Carol, "Carol")],
        CopyRecipients = [new OrDescriptor(Dave, "Dave Brown")],
        Subject = "Quarterly report",
        Importance = IpmImportance.High,
    };

    private static IpmHeading ReadOk(byte[] content)
    {
        Assert.True(IpmHeadingReader.TryRead(content, out var heading, out var error), error);
        Assert.Null(error);
        return heading;
    }

    private static string ReadFails(byte[] content)
    {
        Assert.False(IpmHeadingReader.TryRead(content, out var heading, out var error));
        Assert.Null(heading);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Fact]
    public void Reads_a_full_heading()
    {
        var heading = ReadOk(Ipm(FullMembers()));
        Assert.Equal(Expected, heading);
        Assert.Equal("/G=Alice/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/", heading.Originator!.FormalName!.Address.ToString());
        Assert.Equal(["Bob Jones", "Carol"], heading.PrimaryRecipients.Select(r => r.FreeFormName));
        Assert.Empty(heading.BlindCopyRecipients);
        Assert.Null(heading.Sensitivity);
    }

    [Fact]
    public void Reads_the_minimal_ipm_of_the_integration_tests_with_defaults()
    {
        var heading = ReadOk(Gateway.Tests.Integration.X400TestContent.Ipm("Hi there", "body"));
        Assert.Equal(new IpmHeading { ThisIpm = new IpmIdentifier(null, "1"), Subject = "Hi there" }, heading);
        Assert.Equal(IpmImportance.Normal, heading.Importance);
        Assert.Null(heading.Originator);
        Assert.Empty(heading.PrimaryRecipients);
    }

    [Fact]
    public void Reads_a_hand_derived_hex_vector()
    {
        // Derived by hand from X.420 under IMPLICIT TAGS; lengths in hex.
        const string Hex =
            "A0 48" +                            // ipm [0], implicit IPM SEQUENCE: 72 bytes
            "  31 44" +                          //   Heading SET: 68 bytes
            "    6B 05" +                        //     this-IPM [APPLICATION 11] SET: 5
            "      13 03 49 44 31" +             //       user-relative-identifier PrintableString "ID1"
            "    A0 25" +                        //     originator [0] ORDescriptor (implicit SET): 37
            "      60 1C" +                      //       formal-name ORName [APPLICATION 0]: 28
            "        30 1A" +                    //         built-in-standard-attributes SEQUENCE: 26
            "          61 04 13 02 47 42" +      //           country-name [APPLICATION 1] { PrintableString "GB" }
            "          62 03 13 01 20" +         //           administration-domain-name [APPLICATION 2] { " " }
            "          83 04 41 63 6D 65" +      //           organization-name [3] "Acme"
            "          A5 07 80 05 53 6D 69 74 68" + //       personal-name [5] SET { surname [0] "Smith" }
            "      80 05 41 6C 69 63 65" +       //       free-form-name [0] TeletexString "Alice"
            "    A2 09" +                        //     primary-recipients [2] SEQUENCE OF: 9
            "      31 07" +                      //       RecipientSpecifier SET: 7
            "        A0 05" +                    //         recipient [0] ORDescriptor: 5
            "          80 03 42 6F 62" +         //           free-form-name [0] "Bob"
            "    A8 06 14 04 54 65 73 74" +      //     subject [8] EXPLICIT TeletexString "Test"
            "    8C 01 02" +                     //     importance [12] high(2)
            "  30 00";                           //   Body SEQUENCE OF BodyPart, empty
        var bytes = Convert.FromHexString(Hex.Replace(" ", "", StringComparison.Ordinal));
        var heading = ReadOk(bytes);
        var expected = new IpmHeading
        {
            ThisIpm = new IpmIdentifier(null, "ID1"),
            Originator = new OrDescriptor(new OrName(new OrAddress { Country = "GB", AdministrationDomain = " ", Organization = "Acme", Surname = "Smith" }), "Alice"),
            PrimaryRecipients = [new OrDescriptor(null, "Bob")],
            Subject = "Test",
            Importance = IpmImportance.High,
        };
        Assert.Equal(expected, heading);
    }

    [Fact]
    public void Reads_members_in_another_order()
    {
        var members = FullMembers();
        members.Reverse();
        Assert.Equal(Expected, ReadOk(Ipm(members)));
    }

    [Fact]
    public void Reads_indefinite_lengths()
    {
        var ber = P1Samples.ToIndefiniteLengthBer(Ipm(FullMembers()));
        Assert.Equal(0x80, ber[1]);
        Assert.Equal(Expected, ReadOk(ber));
    }

    [Fact]
    public void Skips_unknown_heading_members()
    {
        var members = FullMembers();
        members.Insert(1, Convert.FromHexString("BF2003020101"));   // [32] constructed, unknown to X.420
        members.Insert(3, Convert.FromHexString("A9051303323630"));  // expiry-time [9] (not mapped)
        Assert.Equal(Expected, ReadOk(Ipm(members)));
    }

    [Fact]
    public void Reads_sensitivity_and_a_utf8_subject_and_bcc()
    {
        var subject = new AsnWriter(AsnEncodingRules.DER);
        using (subject.PushSequence(Ctx(8))) subject.WriteCharacterString(UniversalTagNumber.UTF8String, "Grüße €");
        var sensitivity = new AsnWriter(AsnEncodingRules.DER);
        sensitivity.WriteEnumeratedValue(IpmSensitivity.CompanyConfidential, Ctx(13, constructed: false));
        var heading = ReadOk(Ipm([ThisIpm(null, "x"), subject.Encode(), sensitivity.Encode(), Recipients(4, (Bob, null))]));
        Assert.Equal("Grüße €", heading.Subject);
        Assert.Equal(IpmSensitivity.CompanyConfidential, heading.Sensitivity);
        Assert.Equal([new OrDescriptor(Bob)], heading.BlindCopyRecipients);
    }

    [Fact]
    public void Reads_a_bmp_subject_and_latin1_teletex()
    {
        var bmp = new AsnWriter(AsnEncodingRules.DER);
        using (bmp.PushSequence(Ctx(8))) bmp.WriteCharacterString(UniversalTagNumber.BMPString, "Ω subject");
        Assert.Equal("Ω subject", ReadOk(Ipm([ThisIpm(null, "x"), bmp.Encode()])).Subject);

        // A8 { 14 03 'C' 0xE9 'a' }: a Latin-1 byte in a TeletexString.
        Assert.Equal("Céa", ReadOk(Ipm([ThisIpm(null, "x"), Convert.FromHexString("A8051403" + "43E961")])).Subject);
    }

    [Fact]
    public void Reads_a_segmented_subject_with_indefinite_lengths()
    {
        // A8 80 { 34 80 { 04 02 "Hi", 04 01 "!" } 00 00 } 00 00: BER constructed TeletexString inside the explicit tag.
        var subject = Convert.FromHexString("A880348004024869040121000000" + "00");
        Assert.Equal("Hi!", ReadOk(Ipm([ThisIpm(null, "x"), subject])).Subject);
    }

    [Fact]
    public void An_ipn_is_refused_clearly()
    {
        var error = ReadFails(Convert.FromHexString("A1 06 31 04 6B 02 13 00".Replace(" ", "", StringComparison.Ordinal)));
        Assert.Contains("content is an IPN (receipt notification), not an IPM", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heading_without_this_ipm_is_refused()
    {
        var members = FullMembers();
        members.RemoveAt(0);
        Assert.Contains("this-IPM", ReadFails(Ipm(members)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_member_is_refused()
    {
        var members = FullMembers();
        members.Add(members[4]);
        Assert.Contains("appears twice", ReadFails(Ipm(members)), StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_importance_is_refused()
    {
        Assert.Contains("importance", ReadFails(Ipm([ThisIpm(null, "x"), Convert.FromHexString("8C0107")])), StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_after_the_heading()
    {
        // The body is cut off and garbage follows the heading; the heading alone is still read.
        var full = Ipm([ThisIpm(null, "x")]);
        var headingEnd = 2 + 2 + full[3];
        Assert.Equal("x", ReadOk([.. full.AsSpan(0, headingEnd), 0xFF, 0xFF]).ThisIpm.Identifier);
    }

    [Fact]
    public void Truncated_input_fails_with_an_error_at_every_cut_inside_the_heading()
    {
        var full = Ipm(FullMembers());
        AsnDecoder.ReadEncodedValue(full, AsnEncodingRules.BER, out var contentOffset, out _, out _);
        AsnDecoder.ReadEncodedValue(full.AsSpan(contentOffset), AsnEncodingRules.BER, out _, out _, out var headingLength);
        var headingEnd = contentOffset + headingLength;
        for (var cut = 0; cut < headingEnd; cut++) ReadFails(full[..cut]);
        ReadOk(full[..headingEnd]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("30 00")]
    [InlineData("A0")]
    [InlineData("A0 84 FF FF FF FF")]
    [InlineData("A0 05 31 03 6B 01")]
    [InlineData("A0 02 04 00")]
    [InlineData("80 00")]
    [InlineData("A0 80 31 80 6B 80 13 01 41")]
    [InlineData("A0 04 31 02 6B 00")]
    [InlineData("A0 08 31 06 6B 03 13 01 41 FF")]
    [InlineData("A0 0B 31 09 6B 03 13 01 41 A2 02 30 00")]
    [InlineData("A0 0A 31 08 6B 03 13 01 41 A2 01 04")]
    [InlineData("A0 0B 31 09 6B 03 13 01 41 A8 02 04 00")]
    [InlineData("A0 0B 31 09 6B 03 13 01 41 A8 02 1E 01 00")]
    [InlineData("A0 0A 31 08 6B 03 13 01 41 8C 00")]
    [InlineData("A0 0B 31 09 6B 03 13 01 41 A0 02 60 00")]
    public void Garbage_fails_with_an_error(string hex) =>
        ReadFails(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));

    [Fact]
    public void Deep_nesting_is_refused_but_32_levels_are_read()
    {
        static byte[] Nested(int levels, bool indefinite)
        {
            // An unknown [15]-tagged member nested `levels` deep, inside a heading that is otherwise valid.
            var w = new AsnWriter(indefinite ? AsnEncodingRules.CER : AsnEncodingRules.BER);
            var scopes = new Stack<AsnWriter.Scope>();
            for (var i = 0; i < levels; i++) scopes.Push(w.PushSequence(Ctx(15)));
            w.WriteNull();
            while (scopes.Count > 0) scopes.Pop().Dispose();
            return Ipm([ThisIpm(null, "x"), w.Encode()]);
        }
        // ipm [0] is level 1, the Heading 2, so 29 wrappers put the NULL at level 32.
        Assert.Equal("x", ReadOk(Nested(29, indefinite: false)).ThisIpm.Identifier);
        Assert.Contains("nesting", ReadFails(Nested(30, indefinite: false)), StringComparison.Ordinal);
        Assert.Contains("nesting", ReadFails(Nested(5000, indefinite: true)), StringComparison.Ordinal);
        Assert.Contains("nesting", ReadFails(Nested(5000, indefinite: false)), StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_1024_recipients_are_refused()
    {
        var many = Enumerable.Repeat(((OrName?)null, (string?)"r"), 600).ToArray();
        var ok = ReadOk(Ipm([ThisIpm(null, "x"), Recipients(2, many), Recipients(3, many[..424])]));
        Assert.Equal(1024, ok.PrimaryRecipients.Count + ok.CopyRecipients.Count);
        var error = ReadFails(Ipm([ThisIpm(null, "x"), Recipients(2, many), Recipients(3, many[..425])]));
        Assert.Contains("more than 1024 recipients", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_formal_name_is_reported_with_its_place()
    {
        // formal-name 60 04 30 02 84 00: well-formed BER, but numeric-user-identifier [4], which the ORName codec refuses.
        var error = ReadFails(Ipm([ThisIpm(null, "x"), Convert.FromHexString("A006600430028400")]));
        Assert.Contains("originator [0] formal-name", error, StringComparison.Ordinal);
    }

    private static bool NeverThrows(byte[] input)
    {
        var ok = IpmHeadingReader.TryRead(input, out var heading, out var error);
        return ok ? heading is not null && error is null : heading is null && !string.IsNullOrEmpty(error);
    }

    internal static readonly byte[] Valid = Ipm(FullMembers());
    private static readonly byte[] ValidIndefinite = P1Samples.ToIndefiniteLengthBer(Valid);

    [Property(MaxTest = 500)]
    public bool Random_bytes_never_throw(byte[] input) => NeverThrows(input);

    [Property(MaxTest = 500)]
    public bool Random_bytes_after_an_ipm_tag_never_throw(byte[] input, bool indefinite) =>
        NeverThrows([0xA0, indefinite ? (byte)0x80 : (byte)Math.Min(input.Length, 127), .. input]);

    [Property(MaxTest = 1000)]
    public bool Mutations_of_a_valid_heading_never_throw(PositiveInt position, byte value, bool truncate, bool insert, bool indefinite)
    {
        var bytes = (indefinite ? ValidIndefinite : Valid).ToList();
        var at = position.Get % bytes.Count;
        if (truncate) bytes.RemoveRange(at, bytes.Count - at);
        else if (insert) bytes.Insert(at, value);
        else bytes[at] = value;
        return NeverThrows([.. bytes]);
    }

    [Property(MaxTest = 300)]
    public bool Several_mutations_never_throw(PositiveInt[] positions, byte[] values)
    {
        var bytes = Valid.ToArray();
        for (var i = 0; i < Math.Min(positions.Length, values.Length); i++) bytes[positions[i].Get % bytes.Length] = values[i];
        return NeverThrows(bytes);
    }
}
