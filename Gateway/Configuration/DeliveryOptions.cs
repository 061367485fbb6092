namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Delivery</c> section: how hard the gateway tries to hand X.400 mail to the SMTP next hop.</summary>
public sealed class DeliveryOptions
{
    /// <summary>After this long since the file was handed to the gateway, a message that could not be delivered is returned with a non-delivery report.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Quick retries of one attempt (exponential back-off with jitter from <see cref="RetryDelay"/>) before the file waits for a later one.</summary>
    public int Retries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two attempts at one file (the wait doubles from 2 s up to this).</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Temporary failures within <see cref="BreakerSamplingDuration"/> that open the circuit to the next hop.</summary>
    public int BreakerMinimumThroughput { get; set; } = 5;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>While open, the next hop is not tried at all: files wait instead of each spending a connection timeout.</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>X.400 messages sent to the next hop at the same time (one connection each).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Connections to the SMTP next hop open at the same time, for both directions (Postfix's default_destination_concurrency_limit
    /// is 20); a message beyond them waits for one, within Smtp:NextHopTimeout.
    /// </summary>
    public int NextHopConnections { get; set; } = 20;

    /// <summary>Idle connections to the next hop kept open for the next message (0: a connection per message).</summary>
    public int ConnectionCacheSize { get; set; } = 20;

    /// <summary>How long an idle connection is kept (Postfix's smtp_connection_cache_time_limit is 2 s).</summary>
    public TimeSpan ConnectionCacheTime { get; set; } = TimeSpan.FromSeconds(2);
}
