using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Certificates;

/// <summary>
/// The gateway with an LDAP directory (its own slapd per test, so it can be stopped): certificate-free signed-x400
/// verified through the directory, answered from the cache while slapd is down, deferred when nothing can be had, and
/// revocation taking effect once the CA publishes its CRL.
/// </summary>
[Collection(LdapCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatewayLdapTests(LdapFixture ldap) : IDisposable
{
    private readonly string _store = TempDirectory.Create("ldap-gateway-store-");

    private Cms.Verification.VerificationPki Pki => ldap.Pki;

    public void Dispose() => TempDirectory.Delete(_store);

    private Task<GatewayProcess> StartAsync(Slapd slapd, string crlRecheck = "00:05:00") =>
        GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = Pki.RootCertificatePath,
                ["Gateway:Certificates:Store"] = _store,
                ["Gateway:Certificates:CrlRecheck"] = crlRecheck,
                ["Gateway:Certificates:Ldap:Url"] = slapd.Url,
                ["Gateway:Certificates:Ldap:BaseDn"] = Slapd.BaseDn,
                ["Gateway:Certificates:Ldap:Timeout"] = "00:00:02",
            },
        });

    private async Task<SwaksResult> SendSignedAsync(GatewayProcess gateway, Cms.Verification.PkiSigner signer)
    {
        var ipm = X400TestContent.IpmFrom(new OrName(OrAddress.Parse("/S=Somebody/O=Acme/ADMD= /C=GB/")), "via LDAP", Guid.NewGuid().ToString());
        var cms = await Pki.SignAsync(ipm, signer, "-nocerts", "-keyid");
        return await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms));
    }

    [Fact]
    public async Task The_cache_answers_while_slapd_is_down_and_an_unknown_signer_is_deferred()
    {
        await using var slapd = await Slapd.StartAsync();
        await slapd.AddAsync(LdapFixture.Person(Pki.Rsa));
        await using var gateway = await StartAsync(slapd);

        var first = await SendSignedAsync(gateway, Pki.Rsa);
        Assert.True(first.DataReplyCode == 250, first.Transcript + gateway.Output);
        var audit = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.Contains("; 1 certificate looked up in the certificate store or directory", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store)); // fetched, not carried: nothing to harvest

        await slapd.StopAsync();
        var cached = await SendSignedAsync(gateway, Pki.Rsa);
        var unknown = await SendSignedAsync(gateway, Pki.EcP384);

        Assert.True(cached.DataReplyCode == 250, cached.Transcript + gateway.Output);
        Assert.Equal("valid", gateway.AuditLines()[^2].RootElement.GetProperty("signature").GetString());
        Assert.Equal(451, unknown.DataReplyCode);
        Assert.Contains($"451 4.7.0 Signer certificate not at hand and {slapd.Url}/{Slapd.BaseDn} is unavailable: ", unknown.Transcript, StringComparison.Ordinal);
        var deferred = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("deferred", deferred.GetProperty("action").GetString());
        Assert.Equal("no-certificate", deferred.GetProperty("signature").GetString());
        using var http = new HttpClient { BaseAddress = gateway.HttpBase };
        var metrics = await http.GetStringAsync("metrics");
        Assert.Matches(@"gateway_certificates_cache_total\{[^}]*result=""hit""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"gateway_certificates_cache_total\{[^}]*result=""miss""[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task Revocation_takes_effect_once_the_CRL_is_published()
    {
        var victim = await Pki.IssueAsync($"ldap-victim-{Guid.NewGuid():N}"[..20]);
        await using var slapd = await Slapd.StartAsync();
        await slapd.AddAsync(LdapFixture.Person(victim) + $"\n\ndn: cn=Verification Root,{Slapd.BaseDn}\nobjectClass: organizationalRole\nobjectClass: pkiCA\n"
            + $"cn: Verification Root\n{Slapd.Binary("cACertificate;binary", Pki.Root.GetEncoded())}");
        await using var gateway = await StartAsync(slapd, crlRecheck: "00:00:01");
        var before = await SendSignedAsync(gateway, victim);
        Assert.True(before.DataReplyCode == 250, before.Transcript + gateway.Output);
        Assert.Equal("valid", gateway.AuditLines()[^1].RootElement.GetProperty("signature").GetString());

        var crl = await Pki.RevokeAsync(victim);
        await slapd.ModifyAsync($"dn: cn=Verification Root,{Slapd.BaseDn}\nchangetype: modify\nadd: certificateRevocationList;binary\n"
            + Slapd.Binary("certificateRevocationList;binary", crl.GetEncoded()) + "\n-");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await SendSignedAsync(gateway, victim);

        var after = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("untrusted", after.GetProperty("signature").GetString());
        Assert.Contains($"{victim.Subject} (serial ", after.GetProperty("security").GetString(), StringComparison.Ordinal);
        Assert.Contains(") was revoked on ", after.GetProperty("security").GetString(), StringComparison.Ordinal);
    }
}
