using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>One real gateway process for a test class; its next hop is whatever port the class names.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the gateway has not started");

    public string OutDirectory => Path.Combine(Gateway.DataDirectory, "x400", "out");
    public string InDirectory => Path.Combine(Gateway.DataDirectory, "x400", "in");
    public string FailedDirectory => Path.Combine(Gateway.DataDirectory, "x400", "failed");

    protected virtual int NextHopPort => FreePort.Next();

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public virtual async Task InitializeAsync() =>
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = NextHopPort, Settings = Settings });

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }
}
