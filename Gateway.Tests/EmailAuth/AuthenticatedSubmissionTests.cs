using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.EmailAuth;

/// <summary>
/// SPF and DMARC judge Internet mail where it enters; a client that authenticated with SMTP AUTH is the gateway's own
/// submitter, not the Internet. From 127.0.0.2 (outside the trusted 127.0.0.1/32) a From in spoof.test (p=reject) is
/// refused without AUTH and accepted with it, and its audit record says no boundary check ran.
/// </summary>
[Collection(SpfCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuthenticatedSubmissionTests(SpfZone zone) : IAsyncLifetime
{
    private const string User = "ceo@spoof.test";
    private const string Password = "submission pass 44ab";

    private readonly GatewayCertificate _certificate = new();
    private GatewayProcess? _gateway;

    public async Task InitializeAsync()
    {
        await _certificate.InitializeAsync();
        var users = Path.Combine(_certificate.Directory, "users");
        await File.WriteAllTextAsync(users, await UntrustedLoopbackGatewayFixture.HashLineAsync(User, Password));
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string>(_certificate.Settings())
            {
                ["Gateway:Smtp:TrustedNetworks:0"] = "127.0.0.1/32",
                ["Gateway:Smtp:Auth:UsersFile"] = users,
                ["Gateway:EmailAuth:DnsServers:0"] = $"127.0.0.1:{zone.Dns.Port}",
                ["Gateway:EmailAuth:DnsTimeout"] = "00:00:01",
                ["Gateway:EmailAuth:DnsRetries"] = "0",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await _certificate.DisposeAsync();
    }

    private async Task<SwaksResult> SubmitAsync(params string[] more)
    {
        var message = System.Text.Encoding.ASCII.GetString(X400TestContent.Wrapped("application/x400-content; content-type=22",
            X400TestContent.Ipm("submitted", Guid.NewGuid().ToString()))).Replace("From: alice@example.com\r\n", $"From: {User}\r\n", StringComparison.Ordinal);
        return await Swaks.SendAsync(_gateway!.SmtpPort, User, ["john.smith@x400.example"], System.Text.Encoding.ASCII.GetBytes(message),
            ["--local-interface", "127.0.0.2", "--ehlo", "laptop.spoof.test", "--tls", .. more]);
    }

    [Fact]
    public async Task An_authenticated_submitter_is_not_judged_by_the_DMARC_policy_of_its_From()
    {
        var outsider = await SubmitAsync();
        var submitter = await SubmitAsync("--auth", "PLAIN", "--auth-user", User, "--auth-password", Password);

        Assert.Equal("550 5.7.1 DMARC policy of spoof.test rejects this message: neither SPF (no pass) nor DKIM (no valid signature) aligned with spoof.test",
            outsider.DataReply);
        Assert.True(submitter.DataReplyCode == 250, submitter.Transcript + _gateway!.Output);
        var audit = (await _gateway.WaitForAuditLinesAsync(2, TimeSpan.FromSeconds(60))).Select(a => a.RootElement).ToList();
        Assert.Equal(("rejected", "spf=fail dkim=none dmarc=fail(p=reject)"), (audit[0].GetProperty("action").GetString(), audit[0].GetProperty("authentication").GetString()));
        Assert.Equal(("relayed", (string?)null, User), (audit[1].GetProperty("action").GetString(), audit[1].GetProperty("authentication").GetString(),
            audit[1].GetProperty("authenticatedUser").GetString()));
    }
}
