namespace Gateway.Tests.Integration.Smtp;

/// <summary>A gateway that gives up on a silent client after two seconds, waiting for a command or for message data.</summary>
public sealed class TimeoutGatewayFixture : SinkGatewayFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:Smtp:CommandTimeout"] = "00:00:02",
        ["Gateway:Smtp:DataTimeout"] = "00:00:02",
    };
}
