using System.Text;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.EmailAuth;

/// <summary>Mail the gateway generates from X.400 is DKIM-signed, and opendkim-testmsg verifies it against the published key.</summary>
[Trait("Category", "Integration")]
public sealed class DkimSigningTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("dkim-sign-");

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task X400_mail_to_SMTP_is_signed_and_opendkim_verifies_it_and_notices_a_change()
    {
        var key = Path.Combine(_directory, "dkim.key");
        await ProcessRunner.RunCheckedAsync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key]);
        var publicKey = (await ProcessRunner.RunCheckedAsync("openssl", ["pkey", "-in", key, "-pubout", "-outform", "DER"])).StandardOutputBytes;
        var record = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(publicKey)}";
        var keyRecord = $"txt-record=gw._domainkey.gateway.test,{string.Join(',', record.Chunk(200).Select(c => $"\"{new string(c)}\""))}";
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:EmailAuth:Signing:Domain"] = "gateway.test",
                ["Gateway:EmailAuth:Signing:Selector"] = "gw",
                ["Gateway:EmailAuth:Signing:KeyFile"] = key,
            },
        });

        await InboundP1.DropAsync(gateway, InboundP1.Message(new OrName(OrAddress.Parse("/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/")), "bob@example.com",
            X400TestContent.Ipm("signed by the gateway", "DKIM"), X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility));

        var delivered = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60))).Data;
        var text = Encoding.ASCII.GetString(delivered);
        Assert.Contains("DKIM-Signature: v=1; a=rsa-sha256; d=gateway.test; s=gw;", text.Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        var verified = await OpenDkim.VerifyAsync(delivered, keyRecord);
        Assert.True(verified.ExitCode == 0, verified.Output);

        var changed = Encoding.ASCII.GetBytes(text.Replace("Subject: signed by the gateway", "Subject: signed by someone", StringComparison.Ordinal));
        var refused = await OpenDkim.VerifyAsync(changed, keyRecord);
        Assert.True(refused.ExitCode != 0, "a changed Subject must not verify");
    }
}
