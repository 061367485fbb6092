namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// A gateway that takes two connections per client address. Loopback is made untrusted (only 192.0.2.0/24 is
/// trusted), because trusted networks are exempt from the limit; so loopback may send only to X.400 recipients.
/// </summary>
public sealed class ConnectionLimitGatewayFixture : SinkGatewayFixture
{
    public const int MaxConnectionsPerClient = 2;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:Smtp:MaxConnectionsPerClient"] = "2",
        ["Gateway:Smtp:TrustedNetworks:0"] = "192.0.2.0/24",
    };
}
