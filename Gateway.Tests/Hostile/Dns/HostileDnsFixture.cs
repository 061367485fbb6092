using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Hostile.Dns;

/// <summary>One dnsmasq serving <see cref="HostileZone"/> and one gateway that asks it, with an smtp-sink as next hop.</summary>
public sealed class HostileDnsFixture : IAsyncLifetime
{
    private DnsServer? _dns;
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway!;

    public SmtpSink Sink => _sink!;

    public async Task InitializeAsync()
    {
        _dns = await DnsServer.StartAsync(HostileZone.Records);
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = _sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:EmailAuth:DnsServers:0"] = $"127.0.0.1:{_dns.Port}",
                ["Gateway:EmailAuth:DnsTimeout"] = "00:00:01",
                ["Gateway:EmailAuth:DnsRetries"] = "0",
            },
        });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
        if (_dns is not null) await _dns.DisposeAsync();
    }
}
