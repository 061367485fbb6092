namespace Gateway.Relay;

/// <summary>The few configured values the relay needs directly.</summary>
public sealed record RelaySettings(string Hostname, long MaxMessageSize);
