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
    public static BoundaryAuthentication Create(GatewayOptions options, DmarcAggregateStore aggregate, ILogger logger)
    {
        var o = options.EmailAuth;
        if (!o.Enabled) return BoundaryAuthentication.Off;
        var dns = new DnsClientLookup([.. o.DnsServers.Select(EndPoint)], o.DnsTimeout, o.DnsRetries);
        PublicSuffixList suffixes;
        if (File.Exists(o.PublicSuffixList))
        {
            suffixes = PublicSuffixList.Load(o.PublicSuffixList);
        }
        else
        {
            // Not fatal: the gateway runs on a machine with only the .NET SDK. Alignment then treats the last two labels as
            // the organisational domain, which is right for .com/.org and wrong for .co.uk.
            logger.LogWarning("Gateway:EmailAuth:PublicSuffixList: {Path} not found; organisational domains are the last two labels", o.PublicSuffixList);
            suffixes = PublicSuffixList.Parse("");
        }
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
