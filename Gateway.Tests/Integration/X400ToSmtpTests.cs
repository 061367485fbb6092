using System.Text;
using System.Text.Json;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>A real Postfix that delivers to a maildir, as the next hop of a real gateway process.</summary>
public sealed class PostfixDownstreamFixture : GatewayFixture
{
    private PostfixInstance? _postfix;

    public PostfixInstance Postfix => _postfix ?? throw new InvalidOperationException("Postfix has not started");

    protected override int NextHopPort => Postfix.ListenPort;

    public override async Task InitializeAsync()
    {
        _postfix = await PostfixInstance.StartAsync(new PostfixOptions { MaildirDomains = ["example.com"] });
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postfix is not null) await _postfix.DisposeAsync();
    }
}

/// <summary>
/// P1 files dropped into x400/in/ by "the X.400 side" reach a real Postfix as Internet mail whose part decodes to
/// exactly the original bytes; files that cannot be delivered go to failed/ with a reason.
/// </summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed class X400ToSmtpTests(OpenSslCms openssl, PostfixDownstreamFixture fixture) : IClassFixture<PostfixDownstreamFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly OrAddress Originator = OrAddress.Parse("/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/");
    private static readonly GlobalDomainIdentifier AcmeDomain = new("GB", " ", "Acme");

    private static P1Message Message(X400ContentType contentType, byte[] content, string recipient, params string[] eits) => new(
        new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(AcmeDomain, $"acme-{Guid.NewGuid():N}"[..30]),
            Originator = new OrName(Originator),
            OriginalEncodedInformationTypes = eits.Length == 0 ? null : new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, eits),
            ContentType = contentType,
            Trace = [new TraceInformationElement(AcmeDomain, new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), RoutingAction.Relayed)],
            Recipients =
            [
                new P1Recipient(new OrName(OrAddress.Parse("/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/") with
                {
                    DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", Rfc2156Escaping.EncodePrintable(recipient))],
                }), 1, PerRecipientIndicators.Responsibility),
            ],
        },
        content);

    /// <summary>Puts a file into in/ the way an X.400 MTA must: written elsewhere, then renamed in.</summary>
    private async Task<string> DropAsync(byte[] apdu)
    {
        var name = $"{Guid.NewGuid():N}.p1";
        var scratch = Path.Combine(fixture.Gateway.DataDirectory, "x400", "tmp", name + ".part");
        await File.WriteAllBytesAsync(scratch, apdu);
        var path = Path.Combine(fixture.InDirectory, name);
        File.Move(scratch, path);
        return path;
    }

    private async Task<MimeMessage> DeliveredToAsync(string recipient)
    {
        var delivered = await Poll.UntilAsync(
            () => fixture.Postfix.MaildirMessages().Select(f => MimeMessage.Load(new MemoryStream(f))).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == recipient)),
            message => message is not null, Patience,
            _ => $"nothing for {recipient} arrived in {Patience}; gateway log:\n{fixture.Gateway.Output}\npostfix log:\n{fixture.Postfix.MailLog()}");
        return delivered!;
    }

    private async Task<JsonElement> AuditForAsync(string source) =>
        await Poll.UntilAsync(
            () => fixture.Gateway.AuditLines().Select(d => d.RootElement).LastOrDefault(e => e.GetProperty("source").GetString() == source),
            line => line.ValueKind == JsonValueKind.Object, Patience, _ => $"no audit line for {source}\n{fixture.Gateway.Output}");

    [Theory]
    [InlineData("signed")]
    [InlineData("enveloped")]
    public async Task A_CMS_object_arrives_wrapped_as_pkcs7_mime_and_decodes_to_the_original_bytes(string protection)
    {
        var ipm = X400TestContent.Ipm(protection, "from the X.400 side");
        var cms = protection == "signed" ? await openssl.SignAsync(ipm, "2.6.1.10.1") : await openssl.EncryptAsync(ipm, "aes256");
        var smimeType = $"{protection}-x400";
        var eit = protection == "signed" ? X400Oids.EitSignedX400 : X400Oids.EitEnvelopedX400;
        var recipient = $"bob.{protection}@example.com";
        var p1 = Message(X400ContentType.FromOid(X400Oids.ContentInfo), cms, recipient, eit);

        var path = await DropAsync(MtsApduCodec.Encode(p1));
        var delivered = await DeliveredToAsync(recipient);

        var part = Assert.IsType<MimePart>(delivered.Body, exactMatch: false);
        Assert.True(part.ContentType.IsMimeType("application", "pkcs7-mime"));
        Assert.Equal(smimeType, part.ContentType.Parameters["smime-type"]);
        Assert.Equal("smime.p7m", part.ContentType.Name);
        Assert.Equal("smime.p7m", part.ContentDisposition?.FileName);
        Assert.Equal(ContentEncoding.Base64, part.ContentTransferEncoding);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(cms, decoded.ToArray());
        using var raw = new MemoryStream();
        var rawStream = part.Content.Stream!;
        rawStream.Position = 0;
        await rawStream.CopyToAsync(raw);
        var encodedLines = Encoding.ASCII.GetString(raw.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(encodedLines[..^1], l => Assert.Equal(76, l.TrimEnd('\r').Length));

        Assert.Equal("\"/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example", delivered.From.Mailboxes.Single().Address);
        Assert.Equal(p1.Envelope.Trace[0].ArrivalTime, delivered.Date);
        Assert.Equal($"{p1.Envelope.MessageIdentifier.LocalIdentifier}.x400@cms-x400-gateway.localdomain", delivered.MessageId);
        Assert.Equal($"[/PRMD=Acme/ADMD= /C=GB/;{p1.Envelope.MessageIdentifier.LocalIdentifier}]", delivered.Headers["X400-MTS-Identifier"]);

        var audit = await AuditForAsync(Path.GetFileName(path));
        Assert.Equal("x400-to-smtp", audit.GetProperty("direction").GetString());
        Assert.Equal(smimeType, audit.GetProperty("kind").GetString());
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Equal([recipient], audit.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.False(File.Exists(path), "the file must be gone once the next hop said 250");
    }

    [Fact]
    public async Task Plain_X400_content_arrives_as_x400_content_with_its_content_type()
    {
        var ipm = X400TestContent.Ipm("plain", "P22 without protection");
        var p1 = Message(X400ContentType.FromBuiltIn(22), ipm, "carol@example.com");

        var path = await DropAsync(MtsApduCodec.Encode(p1));
        var delivered = await DeliveredToAsync("carol@example.com");

        var part = Assert.IsType<MimePart>(delivered.Body, exactMatch: false);
        Assert.True(part.ContentType.IsMimeType("application", "x400-content"));
        Assert.Equal("22", part.ContentType.Parameters["content-type"]);
        Assert.Equal("plain", delivered.Subject);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(ipm, decoded.ToArray());
        Assert.Equal("x400-content", (await AuditForAsync(Path.GetFileName(path))).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_file_that_is_not_an_MTS_APDU_goes_to_failed_with_the_reason()
    {
        var path = await DropAsync("this is not BER"u8.ToArray());
        var name = Path.GetFileName(path);

        var audit = await AuditForAsync(name);

        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.False(File.Exists(path));
        Assert.True(File.Exists(Path.Combine(fixture.FailedDirectory, name)));
        var why = await File.ReadAllTextAsync(Path.Combine(fixture.FailedDirectory, Path.ChangeExtension(name, ".why")));
        Assert.StartsWith("cannot decode the MTS-APDU: ", why, StringComparison.Ordinal);
        Assert.Equal(why.TrimEnd('\n'), audit.GetProperty("reason").GetString());
    }
}

/// <summary>While the next hop refuses for now, the inbound file stays where it is.</summary>
[Trait("Category", "Integration")]
public sealed class X400ToSmtpDeferralTests
{
    [Fact]
    public async Task A_4xx_from_the_next_hop_leaves_the_file_in_place()
    {
        await using var sink = await SmtpSink.StartRejectingAsync("RCPT", "451 4.3.0 try later");
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });
        var domain = new GlobalDomainIdentifier("GB", " ", "Acme");
        var p1 = new P1Message(new P1Envelope
        {
            MessageIdentifier = new MtsIdentifier(domain, "deferral-test"),
            Originator = new OrName(OrAddress.Parse("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
            ContentType = X400ContentType.FromBuiltIn(22),
            Trace = [new TraceInformationElement(domain, DateTimeOffset.UtcNow, RoutingAction.Relayed)],
            Recipients = [new P1Recipient(new OrName(OrAddress.Parse("/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/") with
            {
                DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", "dave(a)example.com")],
            }), 1, PerRecipientIndicators.Responsibility)],
        }, X400TestContent.Ipm("deferred", "x"));
        var path = Path.Combine(gateway.DataDirectory, "x400", "in", "deferral.p1");
        await File.WriteAllBytesAsync(path + ".part", MtsApduCodec.Encode(p1));
        File.Move(path + ".part", path);

        var audit = (JsonElement?)Assert.Single(await gateway.WaitForAuditLinesAsync(1, TimeSpan.FromSeconds(60))).RootElement;

        Assert.NotNull(audit);
        Assert.Equal("deferred", audit.Value.GetProperty("action").GetString());
        Assert.Contains("451", audit.Value.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(File.Exists(path), "a deferred message must stay in in/");
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "failed")));
    }
}

/// <summary>An inbound file over the size limit is put aside unread, with the reason.</summary>
[Trait("Category", "Integration")]
public sealed class X400InboundLimitTests
{
    [Fact]
    public async Task A_file_over_the_size_limit_goes_to_failed_unread()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string> { ["Gateway:Smtp:MaxMessageSize"] = "1000" },
        });
        var path = Path.Combine(gateway.DataDirectory, "x400", "in", "big.p1");
        await File.WriteAllBytesAsync(path + ".part", new byte[2000]);
        File.Move(path + ".part", path);

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, TimeSpan.FromSeconds(60))).RootElement;

        const string reason = "the file has 2000 octets, more than the 1000 the gateway accepts (Gateway:Smtp:MaxMessageSize)";
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.Equal(reason, audit.GetProperty("reason").GetString());
        Assert.Equal(reason + "\n", await File.ReadAllTextAsync(Path.Combine(gateway.DataDirectory, "x400", "failed", "big.why")));
        Assert.False(File.Exists(path));
    }
}
