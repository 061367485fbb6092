using System.Text.Json;
using Gateway.Tests.Integration.Peers;
using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>
/// RFC 3854 content sent by real SMTP clients (swaks, MailKit) to the real gateway process arrives in the X.400
/// file drop as a P1 message whose content is exactly the sender's object, with the envelope RFC 3855 asks for.
/// </summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SmtpToX400Tests(OpenSslCms openssl, GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string IdCtContentInfo = "1.2.840.113549.1.9.16.1.6";
    private const string EitSignedX400 = "1.2.840.113549.1.9.16.10.6";
    private const string EitEnvelopedX400 = "1.2.840.113549.1.9.16.10.5";
    private const string Ipm88 = "2.6.1.10.1";

    private GatewayProcess Gateway => fixture.Gateway;

    private async Task<(SwaksResult Result, string? P1Path)> SendWithSwaksAsync(byte[] message, string to = "john.smith@x400.example")
    {
        var before = Directory.GetFiles(fixture.OutDirectory).ToHashSet();
        var result = await Swaks.SendAsync(Gateway.SmtpPort, "alice@example.com", [to], message);
        var added = Directory.GetFiles(fixture.OutDirectory).Where(f => !before.Contains(f)).ToList();
        Assert.True(added.Count <= 1, $"more than one file appeared: {string.Join(", ", added)}");
        return (result, added.SingleOrDefault());
    }

    private JsonElement LastAudit() => Gateway.AuditLines()[^1].RootElement;

    private static async Task AssertAsn1ParseAgreesAsync(string p1Path, byte[] content, string contentTypeLine)
    {
        var parsed = await ProcessRunner.RunCheckedAsync("openssl", ["asn1parse", "-inform", "DER", "-in", p1Path, "-i"]);
        Assert.Matches($@"prim:\s+OCTET STRING\s+\[HEX DUMP\]:{Convert.ToHexString(content)}\n", parsed.StandardOutput);
        Assert.Contains(contentTypeLine, parsed.StandardOutput);
    }

    [Fact]
    public async Task Signed_x400_from_swaks_arrives_byte_identical_with_the_RFC_3855_envelope()
    {
        var ipm = X400TestContent.Ipm("signed", "hello X.400");
        var cms = await openssl.SignAsync(ipm, Ipm88);
        var message = X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms);

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Equal(250, result.DataReplyCode);
        Assert.NotNull(p1Path);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path));
        Assert.Equal(cms, p1.Content);
        Assert.Equal(IdCtContentInfo, p1.ExtendedContentType);
        Assert.Null(p1.BuiltInContentType);
        Assert.Equal([EitSignedX400], p1.ExtendedEits);
        Assert.Equal(1, p1.RecipientCount);
        Assert.Equal(ipm, await openssl.VerifyAsync(p1.Content));
        await AssertAsn1ParseAgreesAsync(p1Path, cms, ":id-smime-ct-contentInfo");

        var audit = LastAudit();
        Assert.Equal("smtp-to-x400", audit.GetProperty("direction").GetString());
        Assert.Equal("alice@example.com", audit.GetProperty("from").GetString());
        Assert.Equal(["john.smith@x400.example"], audit.GetProperty("to").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal(["signedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Ipm88, audit.GetProperty("contentType").GetString());
        // No trust anchors are configured here: the signature checks out but nothing vouches for the signer.
        Assert.Equal("untrusted", audit.GetProperty("signature").GetString());
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("originatorMatch").ValueKind);
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Equal($"X.400 message {Path.GetFileNameWithoutExtension(p1Path)}", audit.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Signed_x400_from_MailKit_arrives_byte_identical()
    {
        var ipm = X400TestContent.Ipm("mailkit", "sent by MailKit");
        var cms = await openssl.SignAsync(ipm, Ipm88);
        var message = MimeMessage.Load(new MemoryStream(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=\"signed-x400\"", cms)));
        var before = Directory.GetFiles(fixture.OutDirectory).ToHashSet();

        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", Gateway.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(true);

        Assert.StartsWith("2.0.0 Ok: ", reply, StringComparison.Ordinal);
        var p1Path = Assert.Single(Directory.GetFiles(fixture.OutDirectory), f => !before.Contains(f));
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path));
        Assert.Equal(cms, p1.Content);
        Assert.Equal([EitSignedX400], p1.ExtendedEits);
    }

    [Theory]
    [InlineData("aes256")]
    [InlineData("des3")]
    public async Task Enveloped_x400_arrives_byte_identical(string cipher)
    {
        var ipm = X400TestContent.Ipm("enveloped", $"encrypted with {cipher}");
        var cms = await openssl.EncryptAsync(ipm, cipher);
        var message = X400TestContent.Wrapped("application/pkcs7-mime; smime-type=enveloped-x400; name=smime.p7m", cms);

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Equal(250, result.DataReplyCode);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path!));
        Assert.Equal(cms, p1.Content);
        Assert.Equal(IdCtContentInfo, p1.ExtendedContentType);
        Assert.Equal([EitEnvelopedX400], p1.ExtendedEits);
        Assert.Equal(ipm, await openssl.DecryptAsync(p1.Content));
        await AssertAsn1ParseAgreesAsync(p1Path!, cms, ":id-smime-ct-contentInfo");
        var audit = LastAudit();
        Assert.Equal("enveloped-x400", audit.GetProperty("kind").GetString());
        Assert.Equal(["envelopedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task X400_content_with_a_built_in_type_keeps_the_integer()
    {
        var ipm = X400TestContent.Ipm("plain", "no protection");
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", ipm);

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Equal(250, result.DataReplyCode);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path!));
        Assert.Equal(ipm, p1.Content);
        Assert.Equal(22, p1.BuiltInContentType);
        Assert.Null(p1.ExtendedContentType);
        Assert.Empty(p1.ExtendedEits);
        var parsed = await ProcessRunner.RunCheckedAsync("openssl", ["asn1parse", "-inform", "DER", "-in", p1Path!, "-i"]);
        Assert.Contains("appl [ 6 ]", parsed.StandardOutput);
        var audit = LastAudit();
        Assert.Equal("x400-content", audit.GetProperty("kind").GetString());
        Assert.Equal("22", audit.GetProperty("contentType").GetString());
        Assert.Empty(audit.GetProperty("cms").EnumerateArray());
    }

    [Fact]
    public async Task The_Priority_header_becomes_the_P1_priority()
    {
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("urgent", Guid.NewGuid().ToString()));
        message = [.. "Priority: urgent\r\n"u8.ToArray(), .. message];

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Equal(250, result.DataReplyCode);
        Assert.Equal(2, P1File.Read(await File.ReadAllBytesAsync(p1Path!)).Priority);
    }

    [Fact]
    public async Task The_MT_PRIORITY_parameter_wins_over_the_Priority_header()
    {
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("low", Guid.NewGuid().ToString()));
        message = [.. "Priority: urgent\r\n"u8.ToArray(), .. message];
        var before = Directory.GetFiles(fixture.OutDirectory).ToHashSet();
        await using var wire = await global::Gateway.Tests.Integration.Smtp.SmtpWire.HelloAsync(Gateway.SmtpPort);

        (await wire.CommandAsync("MAIL FROM:<alice@example.com> MT-PRIORITY=-4")).Expect("250 2.1.0");
        (await wire.CommandAsync("RCPT TO:<john.smith@x400.example>")).Expect("250 2.1.5");
        (await wire.CommandAsync("DATA")).Expect("354");
        await wire.SendAsync([.. message, .. "\r\n.\r\n"u8.ToArray()]);
        (await wire.ReadReplyAsync()).Expect("250 2.0.0", wire.Transcript);

        var added = Assert.Single(Directory.GetFiles(fixture.OutDirectory), f => !before.Contains(f));
        Assert.Equal(1, P1File.Read(await File.ReadAllBytesAsync(added)).Priority); // non-urgent(1)
    }

    [Fact]
    public async Task X400_content_with_an_extended_type_keeps_the_OID()
    {
        var content = X400TestContent.Ipm("P772", "military message stand-in");
        var message = X400TestContent.Wrapped("application/x400-content; content-type=1.3.26.0.4406.0.4.1", content);

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Equal(250, result.DataReplyCode);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path!));
        Assert.Equal(content, p1.Content);
        Assert.Equal("1.3.26.0.4406.0.4.1", p1.ExtendedContentType);
        await AssertAsn1ParseAgreesAsync(p1Path!, content, ":1.3.26.0.4406.0.4.1");
    }

    [Fact]
    public async Task The_same_transaction_retried_replaces_its_file_instead_of_adding_one()
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("retry", "twice"), Ipm88);
        var message = X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400", cms);
        var (first, p1Path) = await SendWithSwaksAsync(message);
        var (second, again) = await SendWithSwaksAsync(message);
        Assert.Equal(250, first.DataReplyCode);
        Assert.Equal(250, second.DataReplyCode);
        Assert.NotNull(p1Path);
        Assert.Null(again); // no new file: the second submission overwrote the first
        Assert.True(File.Exists(p1Path));
    }

    public static TheoryData<string, string, string> BadInput => new()
    {
        { "application/pkcs7-mime; smime-type=signed-x400", "bm90IGEgQ01TIG9iamVjdCBhdCBhbGwsIGp1c3QgdGV4dA==\r\n",
            "554 5.6.0 Malformed signed-x400: the body is not a CMS object: " },
        { "application/x400-content; content-type=22.x", "MAMCAQA=\r\n",
            "554 5.6.0 Malformed x400-content: content-type=22.x is not an integer nor a dotted OID (RFC 3854 section 3.5)" },
        { "application/pkcs7-mime; smime-type=enveloped-x400", "MIAGCSqGSIb3DQEHA6CA*AAAA\r\n",
            "554 5.6.0 Malformed enveloped-x400: broken base64 in the application/pkcs7-mime body: invalid base64 character 0x2A at line 1" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_with_a_reply_that_names_the_problem_and_the_gateway_goes_on(string contentType, string body, string expectedReply)
    {
        var message = X400TestContent.Wrapped(contentType, [], encodedBody: body);

        var (result, p1Path) = await SendWithSwaksAsync(message);

        Assert.Null(p1Path);
        Assert.NotNull(result.DataReply);
        Assert.True(result.DataReply.StartsWith(expectedReply, StringComparison.Ordinal), result.DataReply);
        var audit = LastAudit();
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.StartsWith(expectedReply, audit.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Still serving.
        var cms = await openssl.SignAsync(X400TestContent.Ipm("after", Guid.NewGuid().ToString()), Ipm88);
        var (next, nextPath) = await SendWithSwaksAsync(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400", cms));
        Assert.Equal(250, next.DataReplyCode);
        Assert.NotNull(nextPath);
    }

    [Fact]
    public async Task Ordinary_MIME_for_an_X400_recipient_is_refused()
    {
        var message = TestMessages.Crlf("From: alice@example.com\nTo: john.smith@x400.example\nSubject: plain\n\nJust text.\n");
        var (result, p1Path) = await SendWithSwaksAsync(message);
        Assert.Null(p1Path);
        Assert.Equal("554 5.6.1 This gateway carries only X.400 content (RFC 3854 signed-x400, enveloped-x400 or x400-content) to X.400 recipients",
            result.DataReply);
        Assert.Equal("mime", LastAudit().GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_mislabelled_object_gets_the_EIT_of_what_it_is_and_the_audit_says_so()
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("mislabelled", "signed, says enveloped"), Ipm88);
        var (result, p1Path) = await SendWithSwaksAsync(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=enveloped-x400", cms));

        Assert.Equal(250, result.DataReplyCode);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path!));
        Assert.Equal([EitSignedX400], p1.ExtendedEits);
        var audit = LastAudit();
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal("enveloped-x400", audit.GetProperty("label").GetString());
        Assert.EndsWith("; smime-type label enveloped-x400 corrected to signed-x400", audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_x400_label_on_an_envelope_that_hides_its_content_is_kept()
    {
        // An OpenSSL triple wrap: Signed(id-envelopedData) > Enveloped(id-data: the inner signature cannot be seen).
        var inner = await openssl.SignAsync(X400TestContent.Ipm("triple", "wrap"), Ipm88);
        var cms = await openssl.SignAsync(await openssl.EncryptAsync(inner, "aes256"), "1.2.840.113549.1.7.3");
        var (result, p1Path) = await SendWithSwaksAsync(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400", cms));

        Assert.Equal(250, result.DataReplyCode);
        Assert.Equal([EitSignedX400], P1File.Read(await File.ReadAllBytesAsync(p1Path!)).ExtendedEits);
        var audit = LastAudit();
        Assert.Equal(["signedData", "envelopedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("label").ValueKind);
    }

    [Theory]
    [InlineData("application/pkcs7-mime; name=smime.p7m", "base64")]
    [InlineData("application/octet-stream; name=smime.p7m", "base64")]
    [InlineData("application/x-pkcs7-mime", "binary")]
    public async Task Without_smime_type_the_CMS_structure_decides(string contentType, string transferEncoding)
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("unlabelled", contentType), Ipm88);
        var body = transferEncoding == "binary" ? System.Text.Encoding.Latin1.GetString(cms) : null;
        var message = body is null
            ? X400TestContent.Wrapped(contentType, cms)
            : [.. X400TestContent.Wrapped(contentType, [], transferEncoding: "binary", encodedBody: ""), .. cms];

        int? result;
        string? p1Path;
        if (body is null)
        {
            var (swaks, path) = await SendWithSwaksAsync(message);
            (result, p1Path) = (swaks.DataReplyCode, path);
        }
        else
        {
            (result, p1Path) = await SendWithMailKitBdatAsync(message);
        }

        Assert.Equal(250, result);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path!));
        Assert.Equal(cms, p1.Content);
        Assert.Equal([EitSignedX400], p1.ExtendedEits);
        var audit = LastAudit();
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal("(none)", audit.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Unlabelled_S_MIME_of_MIME_content_is_not_X400_content()
    {
        var cms = await openssl.SignAsync("Content-Type: text/plain\r\n\r\nhello\r\n"u8.ToArray(), "1.2.840.113549.1.7.1");
        var (result, p1Path) = await SendWithSwaksAsync(X400TestContent.Wrapped("application/pkcs7-mime; name=smime.p7m", cms));
        Assert.Null(p1Path);
        Assert.Equal("554 5.6.1 The CMS object carries MIME (id-data), not X.400 content: this gateway carries only X.400 content to X.400 recipients",
            result.DataReply);
    }

    private async Task<(int? Code, string? P1Path)> SendWithMailKitBdatAsync(byte[] message)
    {
        var before = Directory.GetFiles(fixture.OutDirectory).ToHashSet();
        var parsed = MimeMessage.Load(new MemoryStream(message));
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", Gateway.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        int? code;
        try
        {
            await client.SendAsync(parsed);
            code = 250;
        }
        catch (SmtpCommandException e)
        {
            code = (int)e.StatusCode;
        }
        await client.DisconnectAsync(true);
        return (code, Directory.GetFiles(fixture.OutDirectory).SingleOrDefault(f => !before.Contains(f)));
    }
}

/// <summary>With Gateway:Cms:StrictLabels a label that does not match the structure is refused.</summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed class StrictLabelTests(OpenSslCms openssl)
{
    [Fact]
    public async Task A_mislabelled_object_is_refused()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string> { ["Gateway:Cms:StrictLabels"] = "true" },
        });
        var cms = await openssl.SignAsync(X400TestContent.Ipm("strict", "x"), "2.6.1.10.1");

        var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=enveloped-x400", cms));

        Assert.Equal("554 5.6.0 Mislabelled CMS object: smime-type=enveloped-x400 but the CMS structure is signed-x400 (signedData)", result.DataReply);
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
    }
}
