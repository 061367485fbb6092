using System.Net;
using Gateway.EmailAuth;
using Gateway.EmailAuth.Dkim;
using Gateway.EmailAuth.Dmarc;
using Gateway.EmailAuth.Dns;
using Gateway.EmailAuth.Spf;
using Gateway.Relay;
using Microsoft.Extensions.Logging;

namespace Gateway.Configuration;

/// <summary>Composes the boundary's email authentication from <c>Gateway:EmailAuth</c>: DNS, the Public Suffix List, SPF, DKIM, DMARC.</summary>
public static class EmailAuthFactory
{
    /// <summary>The Public Suffix List file, or (with a warning) none: the gateway runs on a machine with only the .NET SDK.</summary>
    public static PublicSuffixList LoadSuffixes(GatewayOptions options, ILogger logger)
    {
        var path = options.EmailAuth.PublicSuffixList;
        if (File.Exists(path)) return PublicSuffixList.Load(path);
        // Alignment then treats the last two labels as the organisational domain: right for .com/.org, wrong for .co.uk.
        logger.LogWarning("Gateway:EmailAuth:PublicSuffixList: {Path} not found; organisational domains are the last two labels", path);
        return PublicSuffixList.Parse("");
    }

    public static BoundaryAuthentication Create(GatewayOptions options, DmarcAggregateStore aggregate, PublicSuffixList suffixes)
    {
        var o = options.EmailAuth;
        if (!o.Enabled) return BoundaryAuthentication.Off;
        var dns = new DnsClientLookup([.. o.DnsServers.Select(EndPoint)], o.DnsTimeout, o.DnsRetries);
        var authenticator = new EmailAuthenticator(new SpfEvaluator(dns, options.Smtp.Hostname), new DkimVerification(dns), new DmarcEvaluator(dns, suffixes),
            o.AuthServId ?? options.Smtp.Hostname);
        return new BoundaryAuthentication(authenticator, [.. options.Smtp.TrustedNetworks.Select(n => IPNetwork.Parse(n))],
            PolicyNames.Canonical(o.Dmarc, ["Enforce", "Monitor"]) == "Enforce", PolicyNames.Canonical(o.QuarantineToX400, ["Refuse", "Relay"]) == "Refuse",
            aggregate);
    }

    /// <summary>"192.0.2.53" or "192.0.2.53:5353" or "[2001:db8::53]:53".</summary>
    public static IPEndPoint EndPoint(string text) =>
        IPEndPoint.TryParse(text, out var endPoint) ? endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, 53) : endPoint
        : throw new FormatException($"'{text}' is not an IP address with an optional port");
}
