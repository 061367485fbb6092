namespace Gateway.Tests.Hostile.Smtp;

/// <summary>
/// One entry of a corpus file: the octets a hostile client sends from <see cref="Start"/> on, the exact replies the gateway
/// must give to them (in order; <c>{*}</c> stands for a transaction id or digest), and where the session stands afterwards.
/// <see cref="Send"/> still holds <c>{marker}</c>, replaced per run so that the next hop can be searched for the case's message.
/// </summary>
public sealed record CorpusCase(string File, string Name, CorpusStart Start, string Recipient, string Send, IReadOnlyList<string> Replies, CorpusAfter After)
{
    /// <summary>How many messages carrying the marker must reach the SMTP next hop; null when the case does not say.</summary>
    public int? Delivered { get; init; }

    public override string ToString() => $"{File}: {Name}";
}
