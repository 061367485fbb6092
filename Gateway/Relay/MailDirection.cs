namespace Gateway.Relay;

/// <summary>Which way a message crosses the gateway, for choosing its security route.</summary>
public enum MailDirection
{
    ToX400,
    ToSmtp,
}
