using Gateway.Cli;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.X400;
using Gateway.X400;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Cli;

[Collection(OpenSslCollection.Name)]
public sealed class AdminCommandsTests(OpenSslCms openssl) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("admin-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray()).Build();
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync([.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))], configuration, output, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public void Verb_options_stay_with_the_verb_and_key_value_overrides_go_to_configuration()
    {
        static void Splits(string[] args, string[] positional, string[] configuration)
        {
            var split = AdminCommands.SplitArguments(args);
            Assert.Equal(positional, split.Positional);
            Assert.Equal(configuration, split.Configuration);
        }

        Splits(["queue", "retry", "--all-failed", "--Gateway:DataDirectory=/srv/gw"], ["queue", "retry", "--all-failed"], ["--Gateway:DataDirectory=/srv/gw"]);
        Splits(["cert", "--Gateway:DataDirectory=/srv/gw", "find", "--email", "a@b.example", "--Logging:LogLevel:Default=Debug"],
            ["cert", "find", "--email", "a@b.example"], ["--Gateway:DataDirectory=/srv/gw", "--Logging:LogLevel:Default=Debug"]);
        // Without a verb the daemon reads everything from the first -- on, "--Key value" included.
        Splits(["--urls", "http://127.0.0.1:1", "--Gateway:DataDirectory=/srv/gw"], [], ["--urls", "http://127.0.0.1:1", "--Gateway:DataDirectory=/srv/gw"]);
        Splits(["frobnicate", "--x"], ["frobnicate"], ["--x"]);
    }

    [Fact]
    public async Task Check_config_names_the_bad_key()
    {
        Assert.Equal((0, "configuration OK\n"), await RunAsync("check-config"));
        var (code, text) = await RunAsync("check-config", "--Gateway:X400:LocalDomains:0=not a domain");
        Assert.Equal(78, code);
        Assert.Equal("Gateway:X400:LocalDomains:0: 'not a domain' is not a domain name\n", text);
    }

    [Fact]
    public async Task Inspect_takes_a_signed_x400_message_apart()
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("inspect", "me"), "2.6.1.10.1");
        var path = Path.Combine(_directory, "m.eml");
        await File.WriteAllBytesAsync(path, X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400", cms));

        var (code, text) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        Assert.Contains("format: MIME message\n", text, StringComparison.Ordinal);
        Assert.Contains("classification: signed-x400\n", text, StringComparison.Ordinal);
        Assert.Contains($"unwrapped: {cms.Length} octets\n", text, StringComparison.Ordinal);
        Assert.Contains("cms layer 1: signedData\n", text, StringComparison.Ordinal);
        Assert.Contains("innermost content type: 2.6.1.10.1 (id-mct-p22, IPM 1988)\n", text, StringComparison.Ordinal);
        Assert.Contains("  digest algorithm: sha256\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n  signer: issuer=[^\n]+ serial=[0-9A-F]+ \(sha256, rsaEncryption\)\n", text);
        Assert.Contains("smime-type by structure: signed-x400\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_says_what_is_wrong_with_a_refused_message()
    {
        var path = Path.Combine(_directory, "bad.eml");
        await File.WriteAllBytesAsync(path, X400TestContent.Wrapped("application/x400-content; content-type=22.x", [], encodedBody: "AAAA\r\n"));

        var (code, text) = await RunAsync("inspect", path);

        Assert.Equal(65, code);
        Assert.Contains("error: content-type=22.x is not an integer nor a dotted OID (RFC 3854 section 3.5)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_reads_a_P1_file()
    {
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        var p1 = new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, "inspect-1"),
            Originator = new OrName(OrAddress.Parse("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
            ContentType = X400ContentType.FromBuiltIn(22),
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UnixEpoch, RoutingAction.Relayed)],
            Recipients = [new P1Recipient(new OrName(OrAddress.Parse("/S=Jones/O=Acme/PRMD=Acme/ADMD= /C=GB/")), 1, PerRecipientIndicators.Responsibility)],
        }, new byte[] { 1, 2, 3 });
        var path = Path.Combine(_directory, "m.p1");
        await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(p1));

        var (code, text) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        Assert.Contains("format: X.400 P1 message (MTS-APDU)\n", text, StringComparison.Ordinal);
        Assert.Contains("message-identifier: [/PRMD=Acme/ADMD= /C=GB/;inspect-1]\n", text, StringComparison.Ordinal);
        Assert.Contains("originator: /S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/\n", text, StringComparison.Ordinal);
        Assert.Contains("recipient 1: /S=Jones/O=Acme/PRMD=Acme/ADMD= /C=GB/ (Responsibility)\n", text, StringComparison.Ordinal);
        Assert.Contains("content-type: 22 (interpersonal-messaging-1988)\n", text, StringComparison.Ordinal);
        Assert.Contains("content: 3 octets\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X400_dump_prints_the_envelope_as_JSON()
    {
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        var p1 = new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, "dump-1"),
            Originator = new OrName(OrAddress.Parse("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
            OriginalEncodedInformationTypes = new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [X400Oids.EitSignedX400]),
            ContentType = X400ContentType.FromOid(X400Oids.ContentInfo),
            PerMessageIndicators = PerMessageIndicators.ImplicitConversionProhibited,
            Extensions = [P1Extension.Standard(3, Criticality.ForDelivery, BerValue.FromHex("0A0101"))],
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UnixEpoch, RoutingAction.Relayed)],
            Recipients = [new P1Recipient(new OrName(OrAddress.Parse("/S=Jones/O=Acme/PRMD=Acme/ADMD= /C=GB/")), 1, PerRecipientIndicators.Responsibility)],
        }, await openssl.SignAsync([1, 2, 3], "2.6.1.10.1"));
        var path = Path.Combine(_directory, "d.p1");
        await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(p1));

        var (code, text) = await RunAsync("x400", "dump", path);

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("dump-1", root.GetProperty("messageIdentifier").GetProperty("localIdentifier").GetString());
        Assert.Equal("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/", root.GetProperty("originator").GetString());
        Assert.Equal("/S=Jones/O=Acme/PRMD=Acme/ADMD= /C=GB/", root.GetProperty("recipients")[0].GetProperty("name").GetString());
        Assert.Equal(X400Oids.ContentInfo, root.GetProperty("contentType").GetString());
        Assert.Equal(X400Oids.EitSignedX400, root.GetProperty("originalEncodedInformationTypes").GetProperty("extended")[0].GetString());
        Assert.Equal("ImplicitConversionProhibited", root.GetProperty("perMessageIndicators").GetString());
        Assert.Equal("message", root.GetProperty("kind").GetString());
        Assert.Equal(3, root.GetProperty("standardExtensions")[0].GetInt32());
        var extension = root.GetProperty("extensions")[0];
        Assert.Equal("standard-extension", extension.GetProperty("type").GetString());
        Assert.Equal(3, extension.GetProperty("number").GetInt32());
        Assert.Equal("dl-expansion-prohibited", extension.GetProperty("name").GetString());
        Assert.Equal("ForDelivery", extension.GetProperty("criticality").GetString());
        Assert.Equal("0A0101", extension.GetProperty("value").GetString());
        Assert.Equal("signedData", root.GetProperty("content").GetProperty("cms")[0].GetString());
        Assert.Equal("2.6.1.10.1", root.GetProperty("content").GetProperty("innerContentType").GetString());
        Assert.Equal(p1.Content.Length, root.GetProperty("content").GetProperty("octets").GetInt32());
    }

    [Fact]
    public async Task X400_dump_prints_every_envelope_member_of_a_rich_message()
    {
        var path = Path.Combine(_directory, "rich.p1");
        await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(new P1Message(P1Samples.RichEnvelope(), new byte[] { 1 })));

        var (code, text) = await RunAsync("x400", "dump", path);

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("kind").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 8, 0, 0, TimeSpan.Zero), root.GetProperty("deferredDeliveryTime").GetDateTimeOffset());
        Assert.Equal("order 42", root.GetProperty("contentCorrelator").GetProperty("ia5text").GetString());
        Assert.Equal("300E6104130247426203130120020107", root.GetProperty("perDomainBilateralInformation")[0].GetString());
        var extensions = root.GetProperty("extensions").EnumerateArray().ToList();
        var privateExtension = Assert.Single(extensions, x => x.GetProperty("type").GetString() == "private-extension");
        Assert.Equal("1.3.6.1.4.1.99999.1", privateExtension.GetProperty("oid").GetString());
        Assert.Equal("ForSubmission", privateExtension.GetProperty("criticality").GetString());
        Assert.Equal("24800402ABCD0401EF0000", privateExtension.GetProperty("value").GetString());
        Assert.Contains(extensions, x => x.GetProperty("number").ValueKind == System.Text.Json.JsonValueKind.Number
            && x.GetProperty("number").GetInt32() == 200 && x.GetProperty("criticality").GetString() == "ForTransfer, ForDelivery");
        var first = root.GetProperty("recipients")[0];
        Assert.Equal(11, first.GetProperty("explicitConversion").GetInt32());
        Assert.Equal(2, first.GetProperty("extensions").GetArrayLength());
        var rerouted = root.GetProperty("trace")[1];
        Assert.Equal("ATLAS", rerouted.GetProperty("attemptedDomain").GetProperty("administrationDomain").GetString());
        Assert.Equal("83020640", rerouted.GetProperty("additionalActions")[1].GetString());
    }

    [Fact]
    public async Task X400_dump_prints_a_report()
    {
        var path = Path.Combine(_directory, "report.p1");
        await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(P1Samples.Report(returnedContentLength: 120)));

        var (code, text) = await RunAsync("x400", "dump", path);

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("report", root.GetProperty("kind").GetString());
        Assert.Equal("rpt-0001", root.GetProperty("reportIdentifier").GetProperty("localIdentifier").GetString());
        Assert.Equal("/DD.RFC-822=john(u)smith(a)example.com/PRMD=Internet/ADMD= /C=GB/", root.GetProperty("reportDestinationName").GetString());
        Assert.Equal("276", root.GetProperty("trace")[1].GetProperty("attemptedDomain").GetProperty("country").GetString());
        // A SET OF in DER order: the shorter standard-extension 38 comes first.
        Assert.Equal("internal-trace-information", root.GetProperty("extensions")[0].GetProperty("name").GetString());
        var envelopeExtension = root.GetProperty("extensions")[1];
        Assert.Equal("1.2.840.113549.99", envelopeExtension.GetProperty("oid").GetString());
        Assert.Equal("ForDelivery", envelopeExtension.GetProperty("criticality").GetString());
        Assert.Equal("130568656C6C6F", envelopeExtension.GetProperty("value").GetString());
        Assert.Equal("msg-0001@gw.example", root.GetProperty("subjectIdentifier").GetProperty("localIdentifier").GetString());
        Assert.Single(root.GetProperty("subjectIntermediateTrace").EnumerateArray());
        Assert.Equal(X400Oids.ContentInfo, root.GetProperty("contentType").GetString());
        Assert.Equal("CMS-1", root.GetProperty("contentIdentifier").GetString());
        Assert.Equal("C0FFEE", root.GetProperty("contentCorrelator").GetProperty("octets").GetString());
        Assert.Equal(120, root.GetProperty("returnedContent").GetProperty("octets").GetInt32());
        Assert.Equal("13066C6567616379", root.GetProperty("additionalInformation").GetString());
        var recipients = root.GetProperty("recipients");
        Assert.Equal("delivery", recipients[0].GetProperty("type").GetString());
        Assert.Equal("MessageStore", recipients[0].GetProperty("typeOfMtsUser").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 9, 59, 30, TimeSpan.Zero), recipients[0].GetProperty("messageDeliveryTime").GetDateTimeOffset());
        Assert.Equal("non-delivery", recipients[1].GetProperty("type").GetString());
        Assert.Equal("UnableToTransfer", recipients[1].GetProperty("reason").GetString());
        Assert.Equal(1, recipients[1].GetProperty("reasonCode").GetInt32());
        Assert.Equal("ContentTypeNotSupported", recipients[1].GetProperty("diagnostic").GetString());
        Assert.Equal(15, recipients[1].GetProperty("diagnosticCode").GetInt32());
        Assert.Equal("/S=Nguyen/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/", recipients[1].GetProperty("originallyIntendedRecipientName").GetString());
        Assert.Equal("AMHS accepts content type 22 only", recipients[1].GetProperty("supplementaryInformation").GetString());
        Assert.Equal("redirection-history", recipients[1].GetProperty("extensions")[0].GetProperty("name").GetString());
        Assert.Equal(99, recipients[2].GetProperty("reasonCode").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, recipients[2].GetProperty("diagnosticCode").ValueKind);
    }

    [Fact]
    public async Task Inspect_reads_a_P1_report()
    {
        var path = Path.Combine(_directory, "r.p1");
        await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(P1Samples.Report()));

        var (code, text) = await RunAsync("inspect", path);

        Assert.Equal(0, code);
        Assert.Contains("format: X.400 P1 report (MTS-APDU report [1])\n", text, StringComparison.Ordinal);
        Assert.Contains("subject-identifier: [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example]\n", text, StringComparison.Ordinal);
        var names = P1Samples.Report().Content.Recipients.Select(r => r.ActualRecipientName.Address.ToString()).ToArray();
        Assert.Contains($"recipient 1: {names[0]}: delivered 2026-11-03T09:59:30.0000000+00:00\n", text, StringComparison.Ordinal);
        Assert.Contains($"recipient 2: {names[1]}: not delivered, reason 1 (UnableToTransfer), diagnostic 15 (ContentTypeNotSupported)\n", text, StringComparison.Ordinal);
        Assert.Contains($"recipient 3: {names[2]}: not delivered, reason 99 (99)\n", text, StringComparison.Ordinal);
    }
}
