using Gateway.Cli;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Cli;

[Collection(OpenSslCollection.Name)]
public sealed class X400MakeCommandTests(OpenSslCms openssl) : IDisposable
{
    private const string Originator = "/G=Steve/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/";
    private const string Recipient = "/S=x400test-orig/OU=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/";
    private readonly string _directory = TempDirectory.Create("make-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray()).Build();
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync([.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))], configuration, output, CancellationToken.None);
        return (code, output.ToString());
    }

    private string ContentFile(byte[] content)
    {
        var path = Path.Combine(_directory, $"content-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task Builds_an_IPM_message_with_the_options_given()
    {
        var ipm = X400TestContent.Ipm("made", "by x400 make");
        var output = Path.Combine(_directory, "ipm.p1");

        var (code, text) = await RunAsync("x400", "make", "-f", Originator, "-t", Recipient, "-t", "C=GB;A= ;P=Isode;O=Isode;S=Kille;G=Steve",
            "-p", "urgent", "-i", "ipm-1", "-l", "local-7", "-o", output, ContentFile(ipm),
            "--Gateway:X400:GatewayAddress=/O=GW/PRMD=Acme/ADMD= /C=GB/");

        Assert.Equal(0, code);
        Assert.StartsWith($"{output}: ", text, StringComparison.Ordinal);
        var p1 = MtsApduCodec.Decode(await File.ReadAllBytesAsync(output));
        var e = p1.Envelope;
        Assert.Equal(ipm, p1.Content.ToArray());
        Assert.Equal(X400ContentType.FromBuiltIn(22), e.ContentType);
        Assert.Equal(new MtsIdentifier(new GlobalDomainIdentifier("GB", " ", "Acme"), "local-7"), e.MessageIdentifier);
        Assert.Equal(Originator, e.Originator.Address.ToString());
        Assert.Equal([OrAddress.Parse(Recipient), OrAddress.Parse(Originator)], e.Recipients.Select(r => r.Name.Address));
        Assert.Equal([1, 2], e.Recipients.Select(r => r.OriginallySpecifiedRecipientNumber));
        Assert.Equal(Priority.Urgent, e.Priority);
        Assert.Equal("ipm-1", e.ContentIdentifier);
        Assert.Equal(RoutingAction.Relayed, Assert.Single(e.Trace).Action);
        Assert.Null(e.OriginalEncodedInformationTypes);
    }

    [Fact]
    public async Task A_CMS_object_gets_the_RFC_3855_envelope_and_a_name_derived_from_its_content()
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("signed", "text"), "2.6.1.10.1");
        var content = ContentFile(cms);

        var (code, text) = await RunAsync("x400", "make", "-f", Originator, "-t", Recipient, "-o", _directory, content);
        var (again, _) = await RunAsync("x400", "make", "-f", Originator, "-t", Recipient, "-o", _directory, content);

        Assert.Equal((0, 0), (code, again));
        // The same originator, recipients and content give the same identifier, so the second run overwrites the first.
        var file = Assert.Single(Directory.GetFiles(_directory, "*.p1"));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
        var e = MtsApduCodec.Decode(await File.ReadAllBytesAsync(file)).Envelope;
        Assert.Equal(e.MessageIdentifier.LocalIdentifier + ".p1", Path.GetFileName(file));
        Assert.Equal(X400Oids.ContentInfo, e.ContentType.Oid);
        Assert.Equal([X400Oids.EitSignedX400], e.OriginalEncodedInformationTypes!.Extended);
        Assert.Equal(PerMessageIndicators.ImplicitConversionProhibited, e.PerMessageIndicators);
        Assert.Contains("signed-x400", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "-t", Recipient, "-o", "x.p1", "c" }, "x400 make: -f ORIGINATOR is required")]
    [InlineData(new[] { "-f", Originator, "-o", "x.p1", "c" }, "x400 make: at least one -t RECIPIENT is required")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "c" }, "x400 make: -o OUT is required (a file, or a directory such as the drop's in/)")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "-o", "x.p1" }, "x400 make: the CONTENT file is required")]
    [InlineData(new[] { "-f", "/S=Kille/C=/", "-t", Recipient, "-o", "x.p1", "c" }, "x400 make: -f '/S=Kille/C=/': ")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "-p", "flash", "-o", "x.p1", "c" }, "x400 make: -p 'flash': normal, non-urgent or urgent")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "-T", "22.x", "-o", "x.p1", "c" }, "x400 make: -T '22.x': ")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "-q", "1", "-o", "x.p1", "c" }, "x400 make: unknown option -q")]
    [InlineData(new[] { "-f", Originator, "-t", Recipient, "-o" }, "x400 make: -o needs a value")]
    public async Task Usage_errors_say_what_is_wrong(string[] args, string expectedStart)
    {
        var (code, text) = await RunAsync(["x400", "make", .. args]);

        Assert.Equal(64, code);
        Assert.StartsWith(expectedStart, text, StringComparison.Ordinal);
        Assert.Contains("usage: Gateway x400 make -f ORIGINATOR", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CMS_content_type_is_refused_for_content_that_is_not_CMS()
    {
        var (code, text) = await RunAsync("x400", "make", "-f", Originator, "-t", Recipient, "-T", X400Oids.ContentInfo,
            "-o", Path.Combine(_directory, "x.p1"), ContentFile("plain text"u8.ToArray()));

        Assert.Equal(65, code);
        Assert.StartsWith($"x400 make: content type {X400Oids.ContentInfo} needs a CMS object: ", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, "*.p1"));
    }

    [Fact]
    public async Task A_missing_content_file_is_EX_NOINPUT()
    {
        var (code, text) = await RunAsync("x400", "make", "-f", Originator, "-t", Recipient, "-o", _directory, Path.Combine(_directory, "absent"));

        Assert.Equal((66, $"x400 make: {Path.Combine(_directory, "absent")}: no such file\n"), (code, text));
    }
}
