namespace Gateway.Smtp.Client;

/// <summary>Retry and circuit-breaker settings for <see cref="ResilientNextHop"/> (from <c>Gateway:Delivery</c>).</summary>
public sealed record ResilienceSettings(int Retries, TimeSpan RetryDelay, int BreakerMinimumThroughput, TimeSpan BreakerSamplingDuration, TimeSpan BreakerDuration)
{
    public static ResilienceSettings Default { get; } = new(2, TimeSpan.FromSeconds(1), 5, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));
}
