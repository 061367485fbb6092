namespace Gateway.Relay;

/// <summary>How the X.400 inbound direction runs.</summary>
public sealed record InboundSettings(TimeSpan PollInterval);
