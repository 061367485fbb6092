namespace Gateway.Relay;

/// <summary>The few configured values the relay needs directly.</summary>
/// <param name="StrictLabels">Refuse a CMS object whose smime-type does not match its structure, instead of correcting the label.</param>
public sealed record RelaySettings(string Hostname, long MaxMessageSize, bool StrictLabels = false);
