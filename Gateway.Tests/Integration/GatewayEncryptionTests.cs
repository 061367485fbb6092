using System.Text;
using System.Formats.Asn1;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>
/// Routes with Encrypt and TripleWrap: what the gateway writes into the P1 file, OpenSSL decrypts (and verifies) back to
/// the exact IPM; a recipient without a certificate is deferred with 451 4.7.5.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatewayEncryptionTests(VerificationPki pki) : IDisposable
{
    private const string Recipient = "Rosa.Signer@acme.co.uk"; // /G=Rosa/S=Signer/O=Acme/PRMD=Acme/ADMD= /C=GB/, pki.Rsa's x400Address
    private readonly string _directory = TempDirectory.Create("encryption-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<GatewayProcess> StartAsync(string protection)
    {
        var certificates = Path.Combine(_directory, "recipients");
        Directory.CreateDirectory(certificates);
        File.Copy(pki.Rsa.CertificatePath, Path.Combine(certificates, "rosa.pem"), overwrite: true);
        File.Copy(pki.EcP384.CertificatePath, Path.Combine(certificates, "agnes.pem"), overwrite: true);
        return await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string>
            {
                ["Gateway:X400:Mappings:0:Domain"] = "acme.co.uk",
                ["Gateway:X400:Mappings:0:OrPrefix"] = "/O=Acme/PRMD=Acme/ADMD= /C=GB/",
                ["Gateway:Security:RecipientCertificates:0"] = certificates,
                ["Gateway:Security:Identity:Certificate"] = pki.SecondRsa.CertificatePath,
                ["Gateway:Security:Identity:Key"] = pki.SecondRsa.KeyPath,
                ["Gateway:Security:Routes:0:Match"] = "acme.co.uk",
                ["Gateway:Security:Routes:0:Direction"] = "ToX400",
                [$"Gateway:Security:Routes:0:{protection}"] = "true",
                ["Gateway:Security:Routes:0:Cipher"] = "Aes128Cbc",
            },
        });
    }

    private async Task<byte[]> SendAndTakeP1ContentAsync(GatewayProcess gateway, byte[] ipm, string recipient = Recipient)
    {
        var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", [recipient],
            X400TestContent.Wrapped("application/x400-content; content-type=22", ipm, to: recipient));
        Assert.True(result.DataReplyCode == 250, result.Transcript + gateway.Output);
        return P1File.Read(await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out"))))).Content;
    }

    private async Task<byte[]> OpenSslAsync(string verb, byte[] contentInfo, params string[] options)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.der");
        await File.WriteAllBytesAsync(path, contentInfo);
        return (await ProcessRunner.RunCheckedAsync("openssl", ["cms", verb, "-inform", "DER", "-in", path, "-binary", .. options])).StandardOutputBytes;
    }

    /// <summary>ContentInfo around a bare inner layer, which RFC 3854 §3.4 nests without one and OpenSSL wants with one.</summary>
    private static byte[] ContentInfo(string type, byte[] inner)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(type);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true))) w.WriteEncodedValue(inner);
        }
        return w.Encode();
    }

    [Fact]
    public async Task Encrypt_agrees_a_key_with_an_EC_recipient_that_OpenSSL_then_opens()
    {
        await using var gateway = await StartAsync("Encrypt");
        var ipm = X400TestContent.Ipm("for Agnes, by ECDH", Guid.NewGuid().ToString());

        var cms = await SendAndTakeP1ContentAsync(gateway, ipm, "Agnes.Agree@acme.co.uk"); // pki.EcP384's x400Address

        Assert.Equal(ipm, await OpenSslAsync("-decrypt", cms, "-recip", pki.EcP384.CertificatePath, "-inkey", pki.EcP384.KeyPath));
        var printed = Encoding.ASCII.GetString(await OpenSslAsync("-cmsout", cms, "-print"));
        Assert.Contains("d.kari:", printed, StringComparison.Ordinal);
        Assert.Contains("dhSinglePass-stdDH-sha384kdf-scheme", printed, StringComparison.Ordinal);
        Assert.Equal("enveloped-x400", gateway.AuditLines()[^1].RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Encrypt_envelopes_for_the_recipient_certificate_found_by_its_x400Address()
    {
        await using var gateway = await StartAsync("Encrypt");
        var ipm = X400TestContent.Ipm("for Rosa only", Guid.NewGuid().ToString());

        var cms = await SendAndTakeP1ContentAsync(gateway, ipm);

        Assert.Equal(ipm, await OpenSslAsync("-decrypt", cms, "-recip", pki.Rsa.CertificatePath, "-inkey", pki.Rsa.KeyPath));
        var audit = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("enveloped-x400", audit.GetProperty("kind").GetString());
        Assert.Equal(["envelopedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2.6.1.10.1", audit.GetProperty("contentType").GetString());
        Assert.StartsWith("enveloped by the gateway for 1 certificates", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TripleWrap_signs_envelopes_and_signs_and_OpenSSL_unwraps_every_layer()
    {
        await using var gateway = await StartAsync("TripleWrap");
        var ipm = X400TestContent.Ipm("triple", Guid.NewGuid().ToString());

        var cms = await SendAndTakeP1ContentAsync(gateway, ipm);

        var enveloped = await OpenSslAsync("-verify", cms, "-CAfile", pki.RootCertificatePath, "-purpose", "any");
        var signed = await OpenSslAsync("-decrypt", ContentInfo("1.2.840.113549.1.7.3", enveloped), "-recip", pki.Rsa.CertificatePath, "-inkey", pki.Rsa.KeyPath);
        var inner = await OpenSslAsync("-verify", ContentInfo("1.2.840.113549.1.7.2", signed), "-CAfile", pki.RootCertificatePath, "-purpose", "any");
        Assert.Equal(ipm, inner);
        var audit = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal(["signedData", "envelopedData"], audit.GetProperty("cms").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_recipient_without_a_certificate_is_deferred_not_sent_in_clear()
    {
        await using var gateway = await StartAsync("Encrypt");

        var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["Nobody.Known@acme.co.uk"],
            X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("x", "y"), to: "Nobody.Known@acme.co.uk"));

        Assert.StartsWith("451 4.7.5 route acme.co.uk: no valid certificate for /G=Nobody/S=Known/O=Acme/PRMD=Acme/ADMD= /C=GB/ to encrypt to",
            result.DataReply, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
        Assert.Equal("deferred", gateway.AuditLines()[^1].RootElement.GetProperty("action").GetString());
    }
}
