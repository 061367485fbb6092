using System.Text;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// With both security policies at Flag, a bad signature and a foreign signer are relayed to X.400 and recorded, not
/// refused: the operator's choice for a domain that must not lose mail.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
public sealed class FlagPolicyTests(VerificationPki pki)
{
    [Fact]
    public async Task Flagged_problems_are_relayed_and_audited()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = pki.RootCertificatePath,
                ["Gateway:Security:InvalidSignature"] = "flag",
                ["Gateway:Security:OriginatorMismatch"] = "Flag",
            },
        });
        var mallory = new OrName(OrAddress.Parse("/G=Mallory/S=Other/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
        var cms = await pki.SignAsync(X400TestContent.IpmFrom(mallory, "flag me", "the original text"), pki.Rsa);
        var at = Encoding.ASCII.GetString(cms).IndexOf("the original text", StringComparison.Ordinal);
        cms[at] ^= 0x20;

        var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms));

        Assert.Equal(250, result.DataReplyCode);
        Assert.Single(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
        var audit = gateway.AuditLines()[^1].RootElement;
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Equal("invalid", audit.GetProperty("signature").GetString());
        Assert.StartsWith("messageDigest does not match", audit.GetProperty("security").GetString(), StringComparison.Ordinal);
    }
}
