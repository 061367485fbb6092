namespace Gateway.Relay;

/// <summary>How the X.400 inbound direction runs.</summary>
/// <param name="MaxLifetime">After this long since a file was handed over, a message still not delivered is returned with a report.</param>
/// <param name="MaxRetryInterval">The longest wait between two attempts at one file.</param>
public sealed record InboundSettings(TimeSpan PollInterval, TimeSpan MaxLifetime, TimeSpan MaxRetryInterval)
{
    /// <summary>Messages converted and sent at the same time.</summary>
    public int Concurrency { get; init; } = 1;

    public InboundSettings(TimeSpan pollInterval)
        : this(pollInterval, TimeSpan.FromDays(5), TimeSpan.FromMinutes(5))
    {
    }
}
