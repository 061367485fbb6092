using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>A route with Sign: plain x400-content leaves the gateway as signed-x400 that OpenSSL verifies.</summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatewaySigningTests(VerificationPki pki)
{
    [Fact]
    public async Task Plain_x400_content_on_a_signing_route_is_signed_by_the_gateway()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:Identity:Certificate"] = pki.Rsa.CertificatePath,
                ["Gateway:Security:Identity:Key"] = pki.Rsa.KeyPath,
                ["Gateway:Security:Routes:0:Match"] = "x400.example",
                ["Gateway:Security:Routes:0:Direction"] = "ToX400",
                ["Gateway:Security:Routes:0:Sign"] = "true",
            },
        });
        var ipm = X400TestContent.Ipm("to be signed", Guid.NewGuid().ToString());
        var outDirectory = Path.Combine(gateway.DataDirectory, "x400", "out");

        var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/x400-content; content-type=22", ipm));

        Assert.Equal(250, result.DataReplyCode);
        var p1 = P1File.Read(await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(outDirectory))));
        Assert.Equal("1.2.840.113549.1.9.16.1.6", p1.ExtendedContentType);
        Assert.Equal(["1.2.840.113549.1.9.16.10.6"], p1.ExtendedEits); // id-eit-signedX400
        var scratch = Path.Combine(gateway.WorkingDirectory, "signed.p7m");
        await File.WriteAllBytesAsync(scratch, p1.Content);
        var verified = await ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-verify", "-inform", "DER", "-in", scratch, "-CAfile", pki.RootCertificatePath, "-purpose", "any", "-binary"]);
        Assert.Equal(ipm, verified.StandardOutputBytes);
        var audit = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal(["signedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2.6.1.10.1", audit.GetProperty("contentType").GetString());
        Assert.StartsWith("signed by the gateway as ", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signing_key_that_cannot_be_read_stops_the_daemon_naming_the_file()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [GatewayProcess.LocateAssembly(),
            $"--Gateway:Security:Identity:Certificate={pki.Rsa.CertificatePath}",
            $"--Gateway:Security:Identity:Key={pki.Rsa.CertificatePath}", // a certificate, not a key
            $"--Gateway:DataDirectory={Path.Combine(Path.GetTempPath(), $"gw-bad-key-{Guid.NewGuid():N}")}"]);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"Gateway:Security:Identity: {pki.Rsa.CertificatePath}: no PEM private key in it", result.StandardError, StringComparison.Ordinal);
    }
}
