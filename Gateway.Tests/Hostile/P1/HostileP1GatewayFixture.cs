using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Hostile.P1;

/// <summary>A gateway with an smtp-sink as its next hop that looks at x400/in/ ten times a second: the corpus is a hundred files.</summary>
public sealed class HostileP1GatewayFixture : SinkGatewayFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:X400:PollInterval"] = "00:00:00.1",
    };
}
