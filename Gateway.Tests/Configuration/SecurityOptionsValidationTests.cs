using Gateway.Configuration;
using Gateway.Relay;
using Gateway.X400;

namespace Gateway.Tests.Configuration;

/// <summary>Gateway:Security as operators write it: bound, checked at start with the key named, turned into routes.</summary>
public sealed class SecurityOptionsValidationTests
{
    private static GatewayOptions Bind(params (string Key, string Value)[] settings) => OptionsBinding.Bind(settings);

    private static List<string> Errors(params (string Key, string Value)[] settings) => OptionsBinding.Errors(settings);

    [Fact]
    public void The_defaults_verify_reject_invalid_signatures_and_flag_originator_mismatches()
    {
        var options = Bind();

        Assert.Empty(Errors());
        Assert.Equal("Reject", options.Security.InvalidSignature);
        Assert.Equal("Flag", options.Security.OriginatorMismatch);
        Assert.Equal(SecurityRoute.Default, SecurityRoutesFactory.Create(options.Security).For(MailDirection.ToX400, "a@b.example", null));
    }

    [Theory]
    [InlineData("Gateway:Security:InvalidSignature", "Drop", "Gateway:Security:InvalidSignature: 'Drop' is not Reject or Flag")]
    [InlineData("Gateway:Security:OriginatorMismatch", "Ignore", "Gateway:Security:OriginatorMismatch: 'Ignore' is not Flag or Reject")]
    [InlineData("Gateway:Security:TrustAnchors:0", "/nonexistent/anchors", "Gateway:Security:TrustAnchors:0: '/nonexistent/anchors' is neither a file nor a directory")]
    [InlineData("Gateway:Security:Routes:0:Match", "not a domain", "Gateway:Security:Routes:0:Match: ")]
    [InlineData("Gateway:Security:Routes:0:Match", "/S=Smith/O=Acme/ADMD= /C=GB/", "Gateway:Security:Routes:0:Match: '/S=Smith/O=Acme/ADMD= /C=GB/' ")]
    [InlineData("Gateway:Security:Identity:Pkcs12", "/nonexistent/gw.p12", "Gateway:Security:Identity:Pkcs12: '/nonexistent/gw.p12' does not exist")]
    [InlineData("Gateway:Security:Identity:Certificate", "/nonexistent/gw.pem", "Gateway:Security:Identity:Key: is needed with Certificate")]
    [InlineData("Gateway:Certificates:Cache:MaxEntries", "0", "Gateway:Certificates:Cache:MaxEntries: must be at least 1")]
    [InlineData("Gateway:Certificates:Cache:Ttl", "00:00:00", "Gateway:Certificates:Cache:Ttl: must be a positive time span (e.g. 01:00:00)")]
    [InlineData("Gateway:Certificates:CrlRecheck", "-00:01:00", "Gateway:Certificates:CrlRecheck: must be a positive time span (e.g. 00:05:00)")]
    [InlineData("Gateway:Certificates:Store", "/etc/hostname", "Gateway:Certificates:Store: '/etc/hostname' is a file; it must be a directory (created if missing)")]
    public void A_bad_setting_is_named(string key, string value, string expectedStart)
    {
        var errors = key.EndsWith("Match", StringComparison.Ordinal) ? Errors((key, value)) : Errors((key, value), ("Gateway:Security:Routes:0:Match", "acme.co.uk"));

        Assert.Contains(errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Direction", "Outbound", "Gateway:Security:Routes:0:Direction: 'Outbound' is not ToX400, ToSmtp or Both")]
    [InlineData("Cipher", "Rc2", "Gateway:Security:Routes:0:Cipher: 'Rc2' is not one of Aes256Cbc, Aes192Cbc, Aes128Cbc, DesEde3Cbc")]
    [InlineData("Sign", "true", "Gateway:Security:Routes:0: Sign needs the gateway's signing identity, Gateway:Security:Identity")]
    [InlineData("TripleWrap", "true", "Gateway:Security:Routes:0: TripleWrap needs the gateway's signing identity, Gateway:Security:Identity")]
    [InlineData("Decrypt", "true", "Gateway:Security:Routes:0:Decrypt: needs at least one Gateway:Security:DecryptionIdentities entry")]
    public void A_route_that_cannot_work_is_refused_at_start(string setting, string value, string expected)
    {
        var errors = Errors(("Gateway:Security:Routes:0:Match", "acme.co.uk"), ($"Gateway:Security:Routes:0:{setting}", value));

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void The_most_specific_route_wins_and_direction_counts()
    {
        var options = Bind(
            ("Gateway:Security:Routes:0:Match", "acme.co.uk"),
            ("Gateway:Security:Routes:0:Verify", "false"),
            ("Gateway:Security:Routes:1:Match", "secret.acme.co.uk"),
            ("Gateway:Security:Routes:1:Direction", "toX400"),
            ("Gateway:Security:Routes:1:Cipher", "aes128cbc"),
            ("Gateway:Security:Routes:2:Match", "/O=Acme/PRMD=Acme/ADMD= /C=GB/"),
            ("Gateway:Security:Routes:2:Direction", "ToSmtp"),
            ("Gateway:Security:Routes:3:Match", "/OU1=Vault/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
        var routes = SecurityRoutesFactory.Create(options.Security);
        var vault = OrAddress.Parse("/S=Kille/OU1=Vault/O=Acme/PRMD=Acme/ADMD= /C=GB/");
        var acme = OrAddress.Parse("/S=Kille/O=ACME/PRMD=Acme/ADMD= /C=GB/");

        Assert.Equal("acme.co.uk", routes.For(MailDirection.ToX400, "kille@acme.co.uk", null).Name);
        Assert.False(routes.For(MailDirection.ToX400, "kille@ACME.co.uk", null).Verify);
        Assert.Equal("secret.acme.co.uk", routes.For(MailDirection.ToX400, "kille@desk.secret.acme.co.uk", null).Name);
        Assert.Equal("Aes128Cbc", routes.For(MailDirection.ToX400, "kille@secret.acme.co.uk", null).Cipher);
        Assert.Equal("acme.co.uk", routes.For(MailDirection.ToSmtp, "kille@secret.acme.co.uk", null).Name);
        Assert.Equal("default", routes.For(MailDirection.ToX400, "kille@notacme.co.uk", null).Name);
        // A prefix outranks a domain, and the deeper prefix the shallower one.
        Assert.Equal("/O=Acme/PRMD=Acme/ADMD= /C=GB/", routes.For(MailDirection.ToSmtp, "kille@acme.co.uk", acme).Name);
        Assert.Equal("acme.co.uk", routes.For(MailDirection.ToX400, "kille@acme.co.uk", acme).Name);
        Assert.Equal("/OU1=Vault/O=Acme/PRMD=Acme/ADMD= /C=GB/", routes.For(MailDirection.ToX400, "kille@acme.co.uk", vault).Name);
    }

    [Fact]
    public void A_trust_anchor_file_that_is_no_certificate_is_named_at_start()
    {
        var directory = Gateway.Tests.Integration.Peers.TempDirectory.Create("bad-anchor-");
        try
        {
            var path = Path.Combine(directory, "broken.pem");
            File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

            var errors = Errors(("Gateway:Security:TrustAnchors:0", directory));

            Assert.Contains(errors, e => e.StartsWith($"Gateway:Security:TrustAnchors: {path}: ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
