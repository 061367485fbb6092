using System.Text.Json;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>A self-signed certificate for the gateway, made once per test class with OpenSSL.</summary>
public sealed class GatewayCertificate : IAsyncLifetime
{
    public string Directory { get; } = TempDirectory.Create("gateway-tls-");

    public string CertificatePath => Path.Combine(Directory, "cert.pem");

    public string KeyPath => Path.Combine(Directory, "key.pem");

    public async Task InitializeAsync() =>
        await ProcessRunner.RunCheckedAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=gateway.test",
            "-addext", "subjectAltName=DNS:gateway.test,IP:127.0.0.1", "-keyout", KeyPath, "-out", CertificatePath]);

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    public Dictionary<string, string> Settings() => new()
    {
        ["Gateway:Smtp:Tls:Certificate"] = CertificatePath,
        ["Gateway:Smtp:Tls:Key"] = KeyPath,
    };
}

/// <summary>STARTTLS and implicit TLS with real clients: swaks, and Postfix as an upstream that insists on encryption.</summary>
[Trait("Category", "Integration")]
public sealed class TlsTests(GatewayCertificate certificate) : IClassFixture<GatewayCertificate>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static byte[] Plain(string to) => TestMessages.Crlf($"From: alice@example.com\nTo: {to}\nSubject: tls\n\nover TLS\n");

    [Fact]
    public async Task Swaks_delivers_over_STARTTLS_and_over_implicit_TLS()
    {
        await using var sink = await SmtpSink.StartAsync();
        var implicitPort = FreePort.Next();
        var settings = certificate.Settings();
        settings["Gateway:Smtp:Tls:ImplicitListen"] = $"127.0.0.1:{implicitPort}";
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = settings });

        var startTls = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["bob@far.example"], Plain("bob@far.example"), ["--tls"]);
        var onConnect = await Swaks.SendAsync(implicitPort, "alice@example.com", ["carol@far.example"], Plain("carol@far.example"), ["--tls-on-connect"]);

        Assert.Equal(250, startTls.DataReplyCode);
        Assert.Contains("220 2.0.0 Ready to start TLS", startTls.Transcript, StringComparison.Ordinal);
        Assert.Equal(250, onConnect.DataReplyCode);
        await sink.WaitForMessagesAsync(2, Patience);
        var audit = await gateway.WaitForAuditLinesAsync(2, Patience);
        Assert.All(audit, a => Assert.Matches(@"^TLSv1\.[23] ", a.RootElement.GetProperty("tls").GetString()));
    }

    [Fact]
    public async Task RequireTls_refuses_MAIL_until_STARTTLS()
    {
        var settings = certificate.Settings();
        settings["Gateway:Smtp:Tls:RequireTls"] = "true";
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next(), Settings = settings });

        var plain = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], Plain("john.smith@x400.example"),
            ["--quit-after", "MAIL"]);

        Assert.Equal("530 5.7.0 Must issue a STARTTLS command first", plain.ReplyTo("MAIL FROM:<alice@example.com>"));
    }

    [Fact]
    public async Task Plaintext_pipelined_after_STARTTLS_is_discarded_not_executed()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next(), Settings = certificate.Settings() });
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", gateway.SmtpPort);
        var stream = client.GetStream();
        var reader = new StreamReader(stream);
        await reader.ReadLineAsync(); // greeting
        await stream.WriteAsync("EHLO c\r\n"u8.ToArray());
        string? line;
        do { line = await reader.ReadLineAsync(); } while (line is not null && line[3] == '-');
        // The injection: a command pipelined in plaintext behind STARTTLS.
        await stream.WriteAsync("STARTTLS\r\nRSET\r\n"u8.ToArray());
        Assert.Equal("220 2.0.0 Ready to start TLS", await reader.ReadLineAsync());

        using var tls = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: true, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("gateway.test");
        var tlsReader = new StreamReader(tls);
        // Had RSET been executed after the handshake, its reply would come first; and the session starts afresh
        // after TLS, so MAIL needs a new EHLO.
        await tls.WriteAsync("MAIL FROM:<a@b.example>\r\n"u8.ToArray());
        Assert.Equal("503 5.5.1 Error: send HELO/EHLO first", await tlsReader.ReadLineAsync());
        Assert.Contains("improper command pipelining after STARTTLS", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postfix_upstream_with_TLS_encrypt_and_XFORWARD_delivers_through_the_gateway()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = hangGuard.Token;
        await using var sink = await SmtpSink.StartAsync(ct);
        var gatewayPort = FreePort.Next();
        var reinjectPort = FreePort.Next();
        await using var upstream = await PostfixInstance.StartAsync(
            new PostfixOptions { FilterPort = gatewayPort, ReinjectPort = reinjectPort, RelayPort = sink.Port }, ct);
        // The operator snippet sends in plaintext over loopback; here the filter transport must encrypt.
        await ProcessRunner.RunCheckedAsync("/usr/sbin/postconf", ["-c", upstream.ConfigDirectory, "-P", "cms-x400-gateway/unix/smtp_tls_security_level=encrypt"],
            cancellationToken: ct);
        await ProcessRunner.RunCheckedAsync("/usr/sbin/postfix", ["-c", upstream.ConfigDirectory, "reload"], cancellationToken: ct);
        await using var gateway = await GatewayProcess.StartAsync(
            new GatewayProcessOptions { SmtpPort = gatewayPort, NextHopPort = reinjectPort, Settings = certificate.Settings() }, ct);

        var sent = await Swaks.SendAsync(upstream.ListenPort, "alice@example.com", ["bob@far.example"], Plain("bob@far.example"), cancellationToken: ct);

        Assert.Equal(250, sent.DataReplyCode);
        Assert.Single(await sink.WaitForMessagesAsync(1, Patience, ct));
        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience, ct)).RootElement;
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Matches(@"^TLSv1\.[23] ", audit.GetProperty("tls").GetString());
        var forwarded = audit.GetProperty("forwarded");
        Assert.Equal(JsonValueKind.Object, forwarded.ValueKind);
        Assert.Equal("127.0.0.1", forwarded.GetProperty("address").GetString());
        Assert.Equal("swaks.client.test", forwarded.GetProperty("helo").GetString());
        Assert.Equal("ESMTP", forwarded.GetProperty("protocol").GetString());
        // The log line follows the audit record; wait for it rather than race it.
        await Poll.UntilAsync(() => gateway.Output, o => System.Text.RegularExpressions.Regex.IsMatch(o, @"client=(localhost|unknown)\[127\.0\.0\.1\]"),
            Patience, o => $"no decision line naming the forwarded client in:\n{o}");
    }
}
