using System.Text;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;
using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.Tests.EmailAuth;

/// <summary>
/// SPF, DKIM and DMARC at the gateway's boundary, end to end against the real DNS of <see cref="SpfZone"/>: the client
/// is the one a trusted upstream names with XFORWARD, as behind Postfix. A spoofed From with p=reject is refused, the
/// same From from an aligned source passes, DKIM alignment passes without SPF, quarantine is refused for X.400, a DNS
/// failure defers; mail to SMTP carries Authentication-Results and forged ones are removed.
/// </summary>
[Collection(SpfCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BoundaryAuthenticationTests(SpfZone zone) : IAsyncLifetime
{
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    private GatewayProcess Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = _sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:EmailAuth:DnsServers:0"] = $"127.0.0.1:{zone.Dns.Port}",
                ["Gateway:EmailAuth:DnsTimeout"] = "00:00:01",
                ["Gateway:EmailAuth:DnsRetries"] = "0",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
    }

    private static MimeMessage Message(string from, string to, string subject)
    {
        var message = new MimeMessage { Subject = subject, Date = DateTimeOffset.UtcNow, MessageId = $"{Guid.NewGuid():N}@test" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        var part = new MimePart("application", "x400-content")
        {
            Content = new MimeContent(new MemoryStream(X400TestContent.Ipm(subject, "authenticated?"))),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.ContentType.Parameters.Add("content-type", "22");
        message.Body = part;
        return message;
    }

    /// <summary>As Postfix hands it over: XFORWARD with the original client, then the transaction. The final reply.</summary>
    private async Task<WireReply> SendAsync(string clientAddress, string helo, string mailFrom, string rcpt, MimeMessage message, string prefix = "")
    {
        await using var wire = await SmtpWire.HelloAsync(Gateway.SmtpPort);
        (await wire.CommandAsync($"XFORWARD ADDR={clientAddress} HELO={helo}")).Expect("250 2.0.0", "XFORWARD");
        (await wire.CommandAsync($"MAIL FROM:<{mailFrom}>")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync($"RCPT TO:<{rcpt}>")).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        using var buffer = new MemoryStream();
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos; // SMTP's line ends: a bare LF is refused (smuggling)
        message.WriteTo(format, buffer);
        var text = prefix + Encoding.Latin1.GetString(buffer.ToArray()).Replace("\r\n.", "\r\n..", StringComparison.Ordinal);
        await wire.SendAsync(text + (text.EndsWith("\r\n", StringComparison.Ordinal) ? "" : "\r\n") + ".\r\n");
        return await wire.ReadReplyAsync();
    }

    [Fact]
    public async Task A_spoofed_From_with_p_reject_is_refused_and_the_same_From_from_an_aligned_source_passes()
    {
        var spoofed = await SendAsync("198.51.100.1", "evil.test", "ceo@spoof.test", "john.smith@x400.example", Message("ceo@spoof.test", "john.smith@x400.example", "spoof"));
        var aligned = await SendAsync("192.0.2.5", "mail.pass.test", "ceo@pass.test", "john.smith@x400.example", Message("ceo@pass.test", "john.smith@x400.example", "real"));

        Assert.Equal("550 5.7.1 DMARC policy of spoof.test rejects this message: neither SPF (no pass) nor DKIM (no valid signature) aligned with spoof.test",
            spoofed.Lines[0]);
        Assert.Equal("250 2.0.0", aligned.Status);
        var audit = Gateway.AuditLines().Select(a => a.RootElement).ToList();
        Assert.Equal("rejected", audit[0].GetProperty("action").GetString());
        Assert.Equal("spf=fail dkim=none dmarc=fail(p=reject)", audit[0].GetProperty("authentication").GetString());
        Assert.Equal("spf=pass dkim=none dmarc=pass", audit[1].GetProperty("authentication").GetString());
    }

    [Fact]
    public async Task A_valid_aligned_DKIM_signature_passes_DMARC_where_SPF_fails()
    {
        var message = Message("news@signed.test", "john.smith@x400.example", "signed");
        new DkimSigner(zone.DkimKey.Private, "signed.test", "sel", DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        }.Sign(message, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId]);

        var reply = await SendAsync("198.51.100.1", "elsewhere.test", "bounces@elsewhere.test", "john.smith@x400.example", message);

        Assert.Equal("250 2.0.0", reply.Status);
        Assert.Equal("spf=none dkim=pass(signed.test) dmarc=pass", Gateway.AuditLines()[^1].RootElement.GetProperty("authentication").GetString());
    }

    [Fact]
    public async Task Quarantine_is_refused_for_X400_and_a_DNS_failure_defers()
    {
        var quarantined = await SendAsync("198.51.100.1", "x.test", "a@quar.test", "john.smith@x400.example", Message("a@quar.test", "john.smith@x400.example", "q"));
        var broken = await SendAsync("198.51.100.1", "x.test", "a@broken.temperror.test", "john.smith@x400.example",
            Message("a@broken.temperror.test", "john.smith@x400.example", "t"));

        Assert.StartsWith("550 5.7.1 DMARC policy of quar.test quarantines this message, and X.400 has no quarantine: ", quarantined.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("451 4.7.0 DMARC for broken.temperror.test cannot be evaluated now (", broken.Lines[0], StringComparison.Ordinal);
        Assert.Equal("deferred", Gateway.AuditLines()[^1].RootElement.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Mail_to_SMTP_carries_Authentication_Results_and_forged_ones_are_removed()
    {
        var forged = "Authentication-Results: cms-x400-gateway.localdomain; dmarc=pass header.from=spoof.test\r\n"
            + "Authentication-Results: mx.elsewhere.example; spf=pass\r\n";

        var reply = await SendAsync("192.0.2.5", "mail.pass.test", "ceo@pass.test", "bob@far.example", Message("ceo@pass.test", "bob@far.example", "to smtp"), forged);

        Assert.Equal("250 2.0.0", reply.Status);
        var delivered = MimeMessage.Load(new MemoryStream(Assert.Single(await _sink!.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30))).Data));
        var results = delivered.Headers.Where(h => h.Field == "Authentication-Results").Select(h => h.Value.Replace("\r\n", "", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal("cms-x400-gateway.localdomain; spf=pass smtp.mailfrom=ceo@pass.test; spf=none smtp.helo=mail.pass.test; dkim=none; "
            + "dmarc=pass (p=reject dis=none) header.from=pass.test", System.Text.RegularExpressions.Regex.Replace(results[0], @"\s+", " ").Trim());
        Assert.Equal("mx.elsewhere.example; spf=pass", results[1].Trim());
    }

    [Fact]
    public async Task The_DMARC_page_renders_in_headless_Chromium_with_the_figures_of_the_day()
    {
        await SendAsync("198.51.100.1", "evil.test", "ceo@spoof.test", "john.smith@x400.example", Message("ceo@spoof.test", "john.smith@x400.example", "spoof"));
        await SendAsync("192.0.2.5", "mail.pass.test", "ceo@pass.test", "john.smith@x400.example", Message("ceo@pass.test", "john.smith@x400.example", "real"));
        await SendAsync("192.0.2.5", "mail.pass.test", "ceo@pass.test", "john.smith@x400.example", Message("ceo@pass.test", "john.smith@x400.example", "again"));
        var url = new Uri(Gateway.HttpBase, "reports/dmarc").ToString();
        var shot = Path.Combine(Gateway.WorkingDirectory, "dmarc.png");
        string[] headless = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + Path.Combine(Gateway.WorkingDirectory, "chromium")];

        var dom = await ProcessRunner.RunCheckedAsync("chromium", [.. headless, "--dump-dom", url], timeout: TimeSpan.FromSeconds(60));
        await ProcessRunner.RunCheckedAsync("chromium", [.. headless, "--window-size=1000,700", $"--screenshot={shot}", url], timeout: TimeSpan.FromSeconds(60));

        Assert.Contains("<span id=\"total-pass\">2</span> passed, <span id=\"total-fail\">1</span> failed", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<h2>spoof.test</h2>", dom.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("<td class=\"name\">198.51.100.1</td><td>1</td><td class=\"name\">reject</td>", dom.StandardOutput, StringComparison.Ordinal);
        var png = await File.ReadAllBytesAsync(shot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 5_000, $"{png.Length} octets: an empty page?");
    }

    [Theory]
    [InlineData("198.51.100.1", "user@soft.test", "spf=softfail dkim=none dmarc=none")]
    [InlineData("198.51.100.1", "user@neutral.test", "spf=neutral dkim=none dmarc=none")]
    [InlineData("198.51.100.1", "user@none.test", "spf=none dkim=none dmarc=none")]
    [InlineData("198.51.100.1", "user@badmech.test", "spf=permerror dkim=none dmarc=none")]
    [InlineData("198.51.100.1", "user@temp.test", "spf=temperror dkim=none dmarc=none")]
    [InlineData("192.0.2.5", "user@pass.test", "spf=pass dkim=none dmarc=pass")]
    public async Task Each_SPF_result_goes_through_the_gateway_into_the_audit_record(string ip, string mailFrom, string summary)
    {
        var reply = await SendAsync(ip, "client.test", mailFrom, "john.smith@x400.example", Message(mailFrom, "john.smith@x400.example", "spf"));

        Assert.Equal("250 2.0.0", reply.Status); // without a DMARC record nothing is refused for SPF alone
        Assert.Equal(summary, Gateway.AuditLines()[^1].RootElement.GetProperty("authentication").GetString());
    }
}
