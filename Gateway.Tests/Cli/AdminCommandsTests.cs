using Gateway.Cli;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
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
            StandardExtensions = [3],
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
        Assert.Equal(3, root.GetProperty("standardExtensions")[0].GetInt32());
        Assert.Equal("signedData", root.GetProperty("content").GetProperty("cms")[0].GetString());
        Assert.Equal("2.6.1.10.1", root.GetProperty("content").GetProperty("innerContentType").GetString());
        Assert.Equal(p1.Content.Length, root.GetProperty("content").GetProperty("octets").GetInt32());
    }
}
