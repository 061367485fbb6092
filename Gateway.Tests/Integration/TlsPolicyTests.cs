using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>
/// What OpenSSL's s_client, an independent TLS implementation, can negotiate with the gateway after STARTTLS: the
/// protocol floor and the TLS 1.2 suites the README lists (ECDHE only, AES with SHA-2).
/// </summary>
[Trait("Category", "Integration")]
public sealed class TlsPolicyTests(GatewayCertificate certificate) : IClassFixture<GatewayCertificate>
{
    [Fact]
    public async Task Only_TLS_1_3_or_TLS_1_2_with_ECDHE_and_AES_SHA2_suites_is_negotiated()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = certificate.Settings() });

        Assert.Equal("TLSv1.3", (await NegotiateAsync(gateway, "-tls1_3")).Protocol);
        foreach (var accepted in new[] { "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES128-SHA256" })
        {
            Assert.Equal(("TLSv1.2", accepted), await NegotiateAsync(gateway, "-tls1_2", "-cipher", accepted));
        }
        // RSA key exchange (no forward secrecy), SHA-1 MACs, finite-field DHE, and what .NET's policy does not list.
        foreach (var refused in new[] { "AES128-SHA", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA", "DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305" })
        {
            Assert.Equal(("(NONE)", "(NONE)"), await NegotiateAsync(gateway, "-tls1_2", "-cipher", refused));
        }
        Assert.Equal(("(NONE)", "(NONE)"), await NegotiateAsync(gateway, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"));
        Assert.Equal(("(NONE)", "(NONE)"), await NegotiateAsync(gateway, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0"));

        // Refused handshakes cost the gateway nothing lasting: a plain session still works.
        var next = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["bob@far.example"],
            TestMessages.Crlf("From: alice@example.com\nTo: bob@far.example\nSubject: after\n\nstill serving\n"), ["--tls"]);
        Assert.Equal(250, next.DataReplyCode);
    }

    /// <summary>The protocol and cipher s_client reports ("(NONE)" for both when the handshake fails).</summary>
    private static async Task<(string Protocol, string Cipher)> NegotiateAsync(GatewayProcess gateway, params string[] options)
    {
        var result = await ProcessRunner.RunAsync("openssl",
            ["s_client", "-starttls", "smtp", "-connect", $"127.0.0.1:{gateway.SmtpPort}", "-servername", "gateway.test", .. options],
            standardInput: "QUIT\n"u8.ToArray());
        var line = result.StandardOutput.Split('\n').First(l => l.StartsWith("New, ", StringComparison.Ordinal));
        // "New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256" or "New, (NONE), Cipher is (NONE)"
        var parts = line["New, ".Length..].Split(", Cipher is ");
        return (parts[0], parts[1].Trim());
    }
}
