using System.Runtime.Versioning;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Operations;

[Trait("Category", "Integration")]
[UnsupportedOSPlatform("windows")]
public sealed class SecretFileWarningTests(GatewayCertificate certificate) : IClassFixture<GatewayCertificate>
{
    [Fact]
    public async Task The_daemon_warns_at_start_about_a_key_others_can_read_and_not_about_one_they_cannot()
    {
        await using var sink = await SmtpSink.StartAsync();
        System.IO.File.SetUnixFileMode(certificate.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using (var exposed = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = certificate.Settings() }))
        {
            var output = await Poll.UntilAsync(() => exposed.Output, o => o.Contains("Gateway:Smtp:Tls:Key", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), o => $"no warning in:\n{o}");
            Assert.Contains($"Gateway:Smtp:Tls:Key: {certificate.KeyPath} has mode 0644: holds a secret and is open to other users; make it 0600 or 0640",
                output, StringComparison.Ordinal);
        }

        System.IO.File.SetUnixFileMode(certificate.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var kept = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = certificate.Settings() });
        Assert.DoesNotContain("has mode", kept.Output, StringComparison.Ordinal);
    }
}
