namespace Gateway.Smtp.Client;

/// <summary>
/// What the next hop did with a message: accepted it, refused it for now (the sender must retry), or refused it
/// for good. <see cref="Reply"/> is the next hop's own words, for the reply to our client and the audit log.
/// </summary>
public sealed record NextHopResult(NextHopOutcome Outcome, string Reply, string EnhancedCode = "4.4.0")
{
    public bool Accepted => Outcome == NextHopOutcome.Accepted;
}
