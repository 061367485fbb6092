using Gateway.Certificates;
using Gateway.Cms.Enveloping;
using Gateway.Cms.Signing;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>
/// A route with Decrypt, from X.400 to SMTP: the gateway holds the recipient's key, opens the EnvelopedData and sends on
/// what was inside — a signed inner layer as signed-x400, verified, plain content as x400-content.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GatewayDecryptionTests(VerificationPki pki) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _anchors = TempDirectory.Create("decrypt-anchors-");
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    public async Task InitializeAsync()
    {
        File.Copy(pki.RootCertificatePath, Path.Combine(_anchors, "root.pem"));
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = _sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = _anchors,
                ["Gateway:Security:DecryptionIdentities:0:Certificate"] = pki.Rsa.CertificatePath,
                ["Gateway:Security:DecryptionIdentities:0:Key"] = pki.Rsa.KeyPath,
                ["Gateway:Security:DecryptionIdentities:1:Certificate"] = pki.EcP521.CertificatePath,
                ["Gateway:Security:DecryptionIdentities:1:Key"] = pki.EcP521.KeyPath,
                ["Gateway:Security:Routes:0:Match"] = "example.com",
                ["Gateway:Security:Routes:0:Direction"] = "ToSmtp",
                ["Gateway:Security:Routes:0:Decrypt"] = "true",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
        Directory.Delete(_anchors, recursive: true);
    }

    private async Task<(MimeMessage Message, System.Text.Json.JsonElement Audit)> DeliverAsync(byte[] cms, string recipient)
    {
        var gateway = _gateway!;
        await InboundP1.DropAsync(gateway, InboundP1.Cms(new OrName(pki.SecondRsa.X400Address!), recipient, cms, X400Oids.EitEnvelopedX400));
        var delivered = await Poll.UntilAsync(() => _sink!.Messages().FirstOrDefault(m => m.Recipients.Contains(recipient)), m => m is not null, Patience,
            _ => $"nothing for {recipient}; gateway log:\n{gateway.Output}");
        var audit = await Poll.UntilAsync(() => gateway.AuditLines().Select(a => a.RootElement).FirstOrDefault(a => a.GetProperty("to")[0].GetString() == recipient),
            a => a.ValueKind != System.Text.Json.JsonValueKind.Undefined, Patience, _ => "no audit record");
        return (MimeMessage.Load(new MemoryStream(delivered!.Data)), audit);
    }

    private static async Task AssertX400ContentAsync(byte[] ipm, MimeMessage message)
    {
        var part = Assert.IsType<MimePart>(message.Body, exactMatch: false);
        Assert.Equal("application/x400-content", part.ContentType.MimeType);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(ipm, decoded.ToArray());
    }

    [Fact]
    public async Task A_signed_inner_layer_comes_out_as_signed_x400_and_is_verified()
    {
        var ipm = X400TestContent.IpmFrom(new OrName(pki.SecondRsa.X400Address!), "sealed", Guid.NewGuid().ToString());
        var signer = SigningIdentityFiles.Load(null, pki.SecondRsa.CertificatePath, pki.SecondRsa.KeyPath, null);
        var signed = X400ContentSigner.Sign(ipm, X400Oids.InterpersonalMessaging1988, signer, DateTimeOffset.UtcNow);
        var inner = Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(signed).Content.ToAsn1Object().GetEncoded("DER");
        var enveloped = X400ContentEnveloper.Envelope(inner, "1.2.840.113549.1.7.2", [pki.Rsa.Certificate], "Aes256Cbc");

        var (message, audit) = await DeliverAsync(enveloped, "rosa@example.com");

        var part = Assert.IsType<MimePart>(message.Body, exactMatch: false);
        Assert.Equal("signed-x400", part.ContentType.Parameters["smime-type"]);
        Assert.StartsWith("valid; signer=", message.Headers["X-X400-Gateway-Signature"], StringComparison.Ordinal);
        Assert.Equal("valid", audit.GetProperty("signature").GetString());
        Assert.True(audit.GetProperty("originatorMatch").GetBoolean());
        Assert.Contains("; decrypted by the gateway (route example.com)", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_inner_content_comes_out_as_x400_content_byte_identical()
    {
        var ipm = X400TestContent.Ipm("plain inside", Guid.NewGuid().ToString());
        var enveloped = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.Rsa.Certificate], "DesEde3Cbc");

        var (message, audit) = await DeliverAsync(enveloped, "plain@example.com");

        await AssertX400ContentAsync(ipm, message);
        Assert.Equal("x400-content", audit.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task An_envelope_for_an_EC_identity_is_opened_by_key_agreement()
    {
        var ipm = X400TestContent.Ipm("agreed inside", Guid.NewGuid().ToString());
        var enveloped = X400ContentEnveloper.Envelope(ipm, X400Oids.InterpersonalMessaging1988, [pki.EcP521.Certificate], "Aes256Cbc");

        var (message, audit) = await DeliverAsync(enveloped, "agreed@example.com");

        await AssertX400ContentAsync(ipm, message);
        Assert.Contains("decrypted by the gateway (route example.com)", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_envelope_for_someone_else_goes_on_encrypted_with_the_reason_recorded()
    {
        var enveloped = X400ContentEnveloper.Envelope(X400TestContent.Ipm("not ours", "x"), X400Oids.InterpersonalMessaging1988, [pki.SecondRsa.Certificate], "Aes128Cbc");

        var (message, audit) = await DeliverAsync(enveloped, "other@example.com");

        Assert.Equal("enveloped-x400", Assert.IsType<MimePart>(message.Body, exactMatch: false).ContentType.Parameters["smime-type"]);
        Assert.Contains("not decrypted (route example.com): none of the 2 decryption identities is among its 1 recipients", audit.GetProperty("security").GetString(),
            StringComparison.Ordinal);
    }
}
