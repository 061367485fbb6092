using System.Net;

namespace Gateway.Smtp.Client;

/// <summary>Where and how to reach the SMTP next hop.</summary>
public sealed record NextHopOptions(DnsEndPoint EndPoint, string LocalHostname, TimeSpan Timeout)
{
    /// <summary>Idle connections kept for the next message; 0 closes each after its message.</summary>
    public int ConnectionCacheSize { get; init; }

    /// <summary>How long an idle connection is kept.</summary>
    public TimeSpan ConnectionCacheTime { get; init; } = TimeSpan.FromSeconds(2);
}
