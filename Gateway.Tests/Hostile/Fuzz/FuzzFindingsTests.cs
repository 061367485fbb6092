using Gateway.Fuzz;

namespace Gateway.Tests.Hostile.Fuzz;

/// <summary>
/// The fuzzer's findings, each saved under Hostile/Fuzz/TARGET/ once the gateway was fixed, replayed in-process through the
/// very target code that afl-fuzz ran (Gateway.Fuzz): each must now give exactly the refusal written here. The seeds
/// (Gateway.Fuzz/Seeds) are replayed too, so a target that breaks on its own starting inputs fails here before it
/// fails under afl-fuzz.
/// </summary>
public sealed class FuzzFindingsTests
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Hostile", "Fuzz");

    public static TheoryData<string, string> Seeds()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Root, "Seeds", target)).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_seed_runs_through_its_target(string target, string file)
    {
        var outcome = FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Root, "Seeds", target, file)));
        Assert.NotEmpty(outcome);
    }

    private static string Replay(string target, string file) => FuzzTargets.Run(target, File.ReadAllBytes(Path.Combine(Root, target, file)));

    /// <summary>BerValue's constructor let AsnContentException out (an indefinite length without its end, a length past int.MaxValue, a bad tag inside) where it documents ArgumentException.</summary>
    [Theory]
    [InlineData("bervalue-indefinite-without-end.ber",
        "walk: refused after 1 elements: fuzz: malformed OCTET STRING at offset 0: The encoded length exceeds the number of bytes remaining in the input buffer.\n"
        + "orname: refused: ORName: expected [APPLICATION 0] ORName at offset 0, found [UNIVERSAL 4]\n"
        + "ipm heading: refused: IPM heading: expected ipm [0] (constructed, 0xA0) at offset 0, found [UNIVERSAL 4]\n"
        + "content correlator: not one BER element")]
    [InlineData("bervalue-invalid-inner-tag.ber",
        "walk: refused after 1 elements: fuzz: malformed BIT STRING at offset 0: The ASN.1 value is invalid.\n"
        + "orname: refused: ORName: expected [APPLICATION 0] ORName at offset 0, found [UNIVERSAL 3]\n"
        + "ipm heading: refused: IPM heading: expected ipm [0] (constructed, 0xA0) at offset 0, found [UNIVERSAL 3]\n"
        + "content correlator: not one BER element")]
    [InlineData("bervalue-invalid-length.ber",
        "walk: refused after 1 elements: fuzz: malformed element at offset 0: The ASN.1 value is invalid.\n"
        + "orname: refused: ORName: expected [APPLICATION 0] ORName at offset 0, found [14]\n"
        + "ipm heading: refused: IPM heading: expected ipm [0] (constructed, 0xA0) at offset 0, found [14]\n"
        + "content correlator: not one BER element")]
    [InlineData("bervalue-length-over-int32.ber",
        "walk: refused after 1 elements: fuzz: malformed element at offset 0: The encoded length exceeds the maximum supported by this library (Int32.MaxValue).\n"
        + "orname: refused: ORName: expected [APPLICATION 0] ORName at offset 0, found [0]\n"
        + "ipm heading: refused: IPM heading: [0] at offset 129 appears twice in the Heading\n"
        + "content correlator: not one BER element")]
    public void Ber_findings_are_refused_in_so_many_words(string file, string expected) => Assert.Equal(expected, Replay("ber", file));

    /// <summary>
    /// Not a gateway bug but the target's: it compared the whole ORName after DER, though a directory name is skipped on the
    /// way in and never written (OrName.HadDirectoryName); it now compares the address.
    /// </summary>
    [Theory]
    [InlineData("orname-directory-name-only.ber", "walk: 3 elements\n"
        + "orname: / (directory name skipped)\n"
        + "ipm heading: refused: IPM heading: expected ipm [0] (constructed, 0xA0) at offset 0, found [APPLICATION 0]\n"
        + "content correlator: refused: the value is [APPLICATION 0], neither ia5text (IA5String) nor octets (OCTET STRING)")]
    [InlineData("orname-with-directory-name.ber", "walk: 11 elements\n"
        + "orname: /O=SMTP-GW/PRMD=company/ADMD= /C=UM/ (directory name skipped)\n"
        + "ipm heading: refused: IPM heading: expected ipm [0] (constructed, 0xA0) at offset 0, found [APPLICATION 0]\n"
        + "content correlator: refused: the value is [APPLICATION 0], neither ia5text (IA5String) nor octets (OCTET STRING)")]
    public void An_orname_with_a_directory_name_keeps_its_address(string file, string expected) => Assert.Equal(expected, Replay("ber", file));

    /// <summary>
    /// The decoder took values its own encoder refuses, so a report back to such a message's originator could not be written;
    /// now the APDU is refused as it arrives: by the decoder's own X.411 bounds where it has them (O/R names, recipient
    /// numbers), else in the encoder's words.
    /// </summary>
    [Theory]
    [InlineData("message-identifier-country.ber", "refused: MTS-APDU: envelope not valid X.411: message-identifier: country-name 'G,' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("originator-country.ber", "refused: originator-name: C '=B' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("recipient-generation-qualifier-too-long.ber", "refused: recipient 1: GQ is 5 characters long; X.411 allows at most 3")]
    [InlineData("recipient-number-negative.ber", "refused: recipient 2: originally-specified-recipient-number -30 at offset 389 is outside 1..32767")]
    [InlineData("recipient-number-twice.ber", "refused: MTS-APDU: envelope not valid X.411: recipient 2: originally-specified-recipient-number 1 is used twice")]
    [InlineData("trace-country.ber", "refused: MTS-APDU: envelope not valid X.411: trace-information entry 2: country-name 'U6' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("report-destination-prmd-too-long.ber", "refused: report-destination-name: PRMD is 26 characters long; X.411 allows at most 16")]
    [InlineData("report-subject-identifier-country.ber", "refused: MTS-APDU: report not valid X.411: subject-identifier: country-name 'G?' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    public void P1_findings_are_refused_by_the_decoder(string file, string expected) => Assert.Equal(expected, Replay("p1", file));

    /// <summary>
    /// StrictBase64 refused a final group whose bits after the last octet were not zero ("TWd=") as misplaced padding,
    /// though the octets are unambiguous and MimeKit and Convert read them; the .eml is the same in an RFC 3854 body.
    /// </summary>
    [Theory]
    [InlineData("base64-nonzero-bits-after-last-octet.txt", "message: not RFC 5322/MIME: Failed to parse message headers.\nbase64: 2 octets")]
    [InlineData("signed-x400-nonzero-bits-after-last-octet.eml", "message: SignedX400, 5 octets\nbase64: refused: invalid base64 character 0x3A at line 1")]
    public void Mime_findings_decode(string file, string expected) => Assert.Equal(expected, Replay("mime", file));

    [Fact]
    public void Every_target_has_seeds()
    {
        Assert.All(FuzzTargets.Names, target => Assert.NotEmpty(Directory.GetFiles(Path.Combine(Root, "Seeds", target))));
    }
}
