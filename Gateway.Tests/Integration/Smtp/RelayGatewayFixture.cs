namespace Gateway.Tests.Integration.Smtp;

/// <summary>A gateway with its default settings, relaying to an smtp-sink.</summary>
public sealed class RelayGatewayFixture : SinkGatewayFixture
{
}
