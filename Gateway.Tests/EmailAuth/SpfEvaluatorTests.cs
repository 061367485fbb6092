using System.Globalization;
using System.Net;
using Gateway.EmailAuth.Dns;
using Gateway.EmailAuth.Spf;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.EmailAuth;

/// <summary>
/// RFC 7208 through a real DNS server: one table of cases, each checked by the gateway's evaluator and by Debian's
/// spfquery (Mail::SPF), which must both give the expected result.
/// </summary>
[Collection(SpfCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SpfEvaluatorTests(SpfZone zone)
{
    private SpfEvaluator Evaluator => new(new DnsClientLookup([zone.Dns.EndPoint], TimeSpan.FromSeconds(2), 1));

    [Theory]
    [MemberData(nameof(SpfZone.Cases), MemberType = typeof(SpfZone))]
    public async Task The_gateway_gives_the_expected_result(string ip, string mailFrom, string expected)
    {
        var verdict = await Evaluator.CheckMailFromAsync(IPAddress.Parse(ip), mailFrom, "client.helo.test", CancellationToken.None);

        Assert.True(expected == verdict.Word, $"{ip} {mailFrom}: expected {expected}, got {verdict.Word} ({verdict.Explanation})");
    }

    [Theory]
    [MemberData(nameof(SpfZone.Cases), MemberType = typeof(SpfZone))]
    public async Task Spfquery_gives_the_same_result(string ip, string mailFrom, string expected)
    {
        var result = await ProcessRunner.RunAsync("spfquery", ["--scope", "mfrom", "--id", mailFrom, "--ip", ip, "--helo", "client.helo.test"],
            environment: new Dictionary<string, string>
            {
                ["RES_NAMESERVERS"] = "127.0.0.1",
                ["RES_OPTIONS"] = string.Create(CultureInfo.InvariantCulture, $"port:{zone.Dns.Port} retrans:1 retry:1 udp_timeout:2"), // a dead server fails fast
            });

        Assert.True(expected == result.StandardOutput.Split('\n')[0].Trim(), $"{ip} {mailFrom}: expected {expected}\n{result.StandardOutput}{result.StandardError}");
    }

    [Fact]
    public async Task The_HELO_identity_is_checked_with_postmaster_at_the_HELO_name()
    {
        var pass = await Evaluator.CheckHeloAsync(IPAddress.Parse("203.0.113.9"), "helo.test", CancellationToken.None);
        var nullSender = await Evaluator.CheckMailFromAsync(IPAddress.Parse("198.51.100.9"), "", "helo.test", CancellationToken.None);

        Assert.Equal(SpfResult.Pass, pass.Result);
        Assert.Equal(new SpfVerdict(SpfResult.Fail, "helo.test", "mechanism '-all' matched"), nullSender);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_a_temperror_not_a_pass()
    {
        var lookup = new DnsClientLookup([new IPEndPoint(IPAddress.Loopback, FreePort.Next())], TimeSpan.FromMilliseconds(300), 0);

        var verdict = await new SpfEvaluator(lookup).CheckMailFromAsync(IPAddress.Parse("192.0.2.5"), "user@pass.test", "h.test", CancellationToken.None);

        Assert.Equal(SpfResult.TempError, verdict.Result);
        Assert.StartsWith("DNS: TXT pass.test: ", verdict.Explanation, StringComparison.Ordinal);
    }
}
