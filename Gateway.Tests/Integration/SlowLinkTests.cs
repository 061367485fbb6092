using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>
/// A slow X.400 link (StripCertificates): SignedData reaches X.400 without its certificates and verifies with OpenSSL
/// given the signer's certificate; coming back, the gateway puts the chain back from its store so plain OpenSSL
/// verifies it; certificates that verified are harvested into the store.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SlowLinkTests(VerificationPki pki) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _work = TempDirectory.Create("slow-link-");
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    private GatewayProcess Gateway => _gateway!;

    private string Store => Path.Combine(_work, "store");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Store);
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = _sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = pki.RootCertificatePath,
                ["Gateway:Certificates:Store"] = Store,
                ["Gateway:X400:Mappings:0:Domain"] = "acme.co.uk",
                ["Gateway:X400:Mappings:0:OrPrefix"] = "/O=Acme/PRMD=Acme/ADMD= /C=GB/",
                ["Gateway:Security:Routes:0:Match"] = "acme.co.uk",
                ["Gateway:Security:Routes:0:Direction"] = "ToX400",
                ["Gateway:Security:Routes:0:StripCertificates"] = "true",
                ["Gateway:Security:Routes:1:Match"] = "example.com",
                ["Gateway:Security:Routes:1:Direction"] = "ToSmtp",
                ["Gateway:Security:Routes:1:StripCertificates"] = "true",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
        TempDirectory.Delete(_work);
    }

    private async Task<ProcessResult> OpenSslVerifyAsync(byte[] cms, params string[] options)
    {
        var path = Path.Combine(_work, $"{Guid.NewGuid():N}.p7m");
        await File.WriteAllBytesAsync(path, cms);
        return await ProcessRunner.RunAsync("openssl", ["cms", "-verify", "-inform", "DER", "-in", path, "-binary", "-CAfile", pki.RootCertificatePath, .. options]);
    }

    [Fact]
    public async Task Towards_X400_the_certificates_are_stripped_the_saving_audited_and_the_signer_harvested()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.SecondRsa.X400Address!), "over HF", Guid.NewGuid().ToString());
        var signed = await pki.SignAsync(ipm, pki.SecondRsa);

        var result = await Swaks.SendAsync(Gateway.SmtpPort, "second@example.com", ["Rosa.Signer@acme.co.uk"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", signed, to: "Rosa.Signer@acme.co.uk"));

        Assert.True(result.DataReplyCode == 250, result.Transcript + Gateway.Output);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "out")))));
        Assert.True(p1.Content.Length < signed.Length, $"{signed.Length} -> {p1.Content.Length}");
        var withCertificate = await OpenSslVerifyAsync(p1.Content, "-certfile", pki.SecondRsa.CertificatePath);
        Assert.True(withCertificate.ExitCode == 0, withCertificate.StandardError);
        Assert.Equal(ipm, withCertificate.StandardOutputBytes);
        Assert.NotEqual(0, (await OpenSslVerifyAsync(p1.Content)).ExitCode);
        var audit = Gateway.AuditLines()[^1].RootElement;
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.Contains($"; 1 certificate harvested; certificates stripped for the slow link (route acme.co.uk): {signed.Length} -> {p1.Content.Length} octets, "
            + $"{signed.Length - p1.Content.Length} saved", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
        Assert.Contains(pki.SecondRsa.Certificate, new Gateway.Certificates.LocalCertificateStore(Store).Certificates);

        // The harvested certificate now serves a sender that leaves its certificate out.
        var bare = await pki.SignAsync(ipm, pki.SecondRsa, "-nocerts", "-keyid");
        var again = await Swaks.SendAsync(Gateway.SmtpPort, "second@example.com", ["Rosa.Signer@acme.co.uk"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", bare, to: "Rosa.Signer@acme.co.uk"));
        Assert.True(again.DataReplyCode == 250, again.Transcript + Gateway.Output);
        var second = Gateway.AuditLines()[^1].RootElement;
        Assert.Equal("valid", second.GetProperty("signature").GetString());
        Assert.Contains("; 1 certificate looked up in the certificate store or directory", second.GetProperty("security").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Towards_SMTP_the_signer_chain_is_put_back_from_the_store_and_plain_openssl_verifies()
    {
        File.Copy(pki.Rsa.CertificatePath, Path.Combine(Store, "rosa.pem"));
        var ipm = X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "from HF", Guid.NewGuid().ToString());
        var stripped = await pki.SignAsync(ipm, pki.Rsa, "-nocerts", "-keyid");

        await InboundP1.DropAsync(Gateway, InboundP1.Cms(new OrName(pki.Rsa.X400Address!), "bob@example.com", stripped, X400Oids.EitSignedX400));

        var delivered = Assert.Single(await _sink!.WaitForMessagesAsync(1, Patience));
        var audit = Assert.Single(await Gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        var part = Assert.IsType<MimePart>(MimeMessage.Load(new MemoryStream(delivered.Data)).Body, exactMatch: false);
        using var body = new MemoryStream();
        await part.Content!.DecodeToAsync(body);
        var verified = await OpenSslVerifyAsync(body.ToArray());
        Assert.True(verified.ExitCode == 0, verified.StandardError);
        Assert.Equal(ipm, verified.StandardOutputBytes);
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.Contains($"1 certificate re-attached from the certificate store or directory ({stripped.Length} -> {body.Length} octets)", audit.GetProperty("security").GetString(),
            StringComparison.Ordinal);
    }
}
