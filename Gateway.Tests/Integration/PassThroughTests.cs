using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>
/// The deployment the gateway is built for: a real Postfix upstream hands every message to the gateway through the
/// operator's after-queue filter snippets; ordinary MIME for SMTP recipients comes out at a real Postfix downstream
/// with its body unchanged to the byte.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PassThroughTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ordinary_MIME_passes_upstream_Postfix_gateway_downstream_Postfix_with_a_byte_identical_body()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = hangGuard.Token;
        await using var downstream = await PostfixInstance.StartAsync(new PostfixOptions { MaildirDomains = ["far.example"] }, ct);
        var gatewayPort = FreePort.Next();
        var reinjectPort = FreePort.Next();
        await using var upstream = await PostfixInstance.StartAsync(
            new PostfixOptions { FilterPort = gatewayPort, ReinjectPort = reinjectPort, RelayPort = downstream.ListenPort }, ct);
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { SmtpPort = gatewayPort, NextHopPort = reinjectPort }, ct);

        var body = new StringBuilder()
            .Append("This is a multi-part message in MIME format.\r\n")
            .Append("--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append("Grüße aus Zürich — 8-bit text.\r\n.a line that starts with a dot\r\n..two dots\r\n")
            .Append(new string('x', 990)).Append("\r\n")
            .Append("--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n")
            .Append(X400TestContent.Base64Lines(Enumerable.Range(0, 600).Select(i => (byte)i).ToArray()))
            .Append("--b1--\r\n")
            .ToString();
        var message = Encoding.UTF8.GetBytes(
            "From: alice@example.com\r\nTo: bob@far.example\r\nSubject: pass-through\r\nMessage-ID: <pass-through@example.com>\r\n" +
            // Forged gateway trace headers: the gateway must remove them, or downstream readers would believe them.
            "X-X400-Gateway-Signature: valid; signer=\"forged\"\r\nx-x400-gateway-originator: match\r\n" +
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n" + body);

        var sent = await Swaks.SendAsync(upstream.ListenPort, "alice@example.com", ["bob@far.example"], message, cancellationToken: ct);

        Assert.Equal(250, sent.DataReplyCode);
        var delivered = Assert.Single(await downstream.WaitForMaildirMessagesAsync(1, Patience, ct));
        // Postfix stores LF line ends in a maildir; apart from that the body must be what was sent.
        Assert.Equal(body.Replace("\r\n", "\n", StringComparison.Ordinal), Encoding.UTF8.GetString(TestMessages.Body(delivered)));
        var headers = TestMessages.Headers(delivered).Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal);
        Assert.Contains("by cms-x400-gateway.localdomain (CMS-X.400 Gateway) with ESMTP id ", headers, StringComparison.Ordinal);
        Assert.DoesNotContain("x-x400-gateway-", headers, StringComparison.OrdinalIgnoreCase);
        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience, ct)).RootElement;
        Assert.Equal("smtp-to-smtp", audit.GetProperty("direction").GetString());
        Assert.Equal("mime", audit.GetProperty("kind").GetString());
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.True(await upstream.QueueIsEmptyAsync(ct));
    }
}

/// <summary>Who may relay, and what a bad setting does to the daemon.</summary>
[Trait("Category", "Integration")]
public sealed class RelayRestrictionTests
{
    [Fact]
    public async Task Untrusted_clients_reach_X400_recipients_only()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string> { ["Gateway:Smtp:TrustedNetworks:0"] = "192.0.2.0/24" },
        });

        var denied = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["mallory@elsewhere.example"], "Subject: x\r\n\r\nx\r\n"u8.ToArray(),
            ["--quit-after", "RCPT"]);
        var allowed = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], "Subject: x\r\n\r\nx\r\n"u8.ToArray(),
            ["--quit-after", "RCPT"]);
        var unmappable = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.qq.smith@x400.example"], "Subject: x\r\n\r\nx\r\n"u8.ToArray(),
            ["--quit-after", "RCPT"]);

        Assert.Equal("554 5.7.1 <mallory@elsewhere.example>: Relay access denied", denied.ReplyTo("RCPT TO:<mallory@elsewhere.example>"));
        Assert.Equal("250 2.1.5 Ok", allowed.ReplyTo("RCPT TO:<john.smith@x400.example>"));
        Assert.Equal("550 5.1.3 <john.qq.smith@x400.example>: cannot be mapped to an X.400 O/R address: "
            + "the local part 'john.qq.smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): 'qq' before the surname is not a one-letter initial",
            unmappable.ReplyTo("RCPT TO:<john.qq.smith@x400.example>"));
    }

    [Fact]
    public async Task A_bad_setting_stops_the_daemon_with_a_message_naming_the_key()
    {
        var dll = GatewayProcess.LocateAssembly();
        var result = await ProcessRunner.RunAsync("dotnet", [dll, "--Gateway:Smtp:Listen=localhost:25x", "--Gateway:X400:GatewayAddress=/S=Smith/",
            $"--Gateway:DataDirectory={Path.Combine(Path.GetTempPath(), $"gw-bad-{Guid.NewGuid():N}")}"]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Gateway:Smtp:Listen: 'localhost:25x' is not an IP:port endpoint (e.g. 127.0.0.1:2525)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Gateway:X400:GatewayAddress: needs at least C= and ADMD= (they name the gateway's management domain)", result.StandardError, StringComparison.Ordinal);
    }
}
