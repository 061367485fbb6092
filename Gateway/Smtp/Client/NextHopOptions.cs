using System.Net;

namespace Gateway.Smtp.Client;

/// <summary>Where and how to reach the SMTP next hop.</summary>
public sealed record NextHopOptions(DnsEndPoint EndPoint, string LocalHostname, TimeSpan Timeout);
