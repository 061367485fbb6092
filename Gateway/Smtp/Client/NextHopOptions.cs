using System.Net;

namespace Gateway.Smtp.Client;

/// <summary>Where and how to reach the SMTP next hop.</summary>
public sealed record NextHopOptions(DnsEndPoint EndPoint, string LocalHostname, TimeSpan Timeout)
{
    /// <summary>Connections open to the next hop at the same time; a message beyond them waits for one to come free.</summary>
    public int MaxConnections { get; init; } = 20;

    /// <summary>Idle connections kept for the next message; 0 closes each after its message.</summary>
    public int ConnectionCacheSize { get; init; }

    /// <summary>How long an idle connection is kept.</summary>
    public TimeSpan ConnectionCacheTime { get; init; } = TimeSpan.FromSeconds(2);
}
