using System.Net;
using Gateway.X400;
using Microsoft.Extensions.Options;

namespace Gateway.Configuration;

/// <summary>
/// Checks the configuration at start-up, so that a bad setting stops the daemon at once with a message that
/// names the key and says what is wrong, instead of failing on the first message.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string problem)
        {
            if (!ok) errors.Add($"Gateway:{key}: {problem}");
        }

        Check(!string.IsNullOrWhiteSpace(options.DataDirectory), "DataDirectory", "must name a directory");
        Check(IPEndPoint.TryParse(options.Smtp.Listen, out var smtp) && smtp.Port > 0, "Smtp:Listen", $"'{options.Smtp.Listen}' is not an IP:port endpoint (e.g. 127.0.0.1:2525)");
        Check(IPEndPoint.TryParse(options.Http.Listen, out var http) && http.Port > 0, "Http:Listen", $"'{options.Http.Listen}' is not an IP:port endpoint (e.g. 127.0.0.1:8025)");
        Check(TryParseHostPort(options.Smtp.NextHop, out _), "Smtp:NextHop", $"'{options.Smtp.NextHop}' is not host:port (e.g. 127.0.0.1:10026)");
        Check(IsHostname(options.Smtp.Hostname), "Smtp:Hostname", $"'{options.Smtp.Hostname}' is not a host name");
        for (var i = 0; i < options.Smtp.TrustedNetworks.Length; i++)
        {
            Check(IPNetwork.TryParse(options.Smtp.TrustedNetworks[i], out _), $"Smtp:TrustedNetworks:{i}", $"'{options.Smtp.TrustedNetworks[i]}' is not a network in CIDR form (e.g. 127.0.0.0/8)");
        }
        Check(options.Smtp.MaxMessageSize > 0, "Smtp:MaxMessageSize", "must be a positive number of bytes");
        Check(options.Smtp.MaxRecipients > 0, "Smtp:MaxRecipients", "must be at least 1");
        Check(options.Smtp.MaxCommandLineLength >= 512, "Smtp:MaxCommandLineLength", "must be at least 512 (RFC 5321 §4.5.3.1.4)");
        Check(options.Smtp.MaxConnections > 0, "Smtp:MaxConnections", "must be at least 1");
        Check(options.Smtp.MaxConnectionsPerClient > 0, "Smtp:MaxConnectionsPerClient", "must be at least 1");
        Check(options.Smtp.MaxTextLineLength >= 1000, "Smtp:MaxTextLineLength", "must be at least 1000 (RFC 5321 section 4.5.3.1.6)");
        Check(options.Smtp.MaxHeaderSize >= 1024, "Smtp:MaxHeaderSize", "must be at least 1024 octets");
        Check(options.Smtp.MaxErrors > 0, "Smtp:MaxErrors", "must be at least 1");
        errors.AddRange(options.Smtp.Tls.Validate());
        Check(options.Smtp.CommandTimeout > TimeSpan.Zero, "Smtp:CommandTimeout", "must be a positive time span (e.g. 00:05:00)");
        Check(options.Smtp.DataTimeout > TimeSpan.Zero, "Smtp:DataTimeout", "must be a positive time span (e.g. 00:10:00)");
        Check(options.Smtp.NextHopTimeout > TimeSpan.Zero, "Smtp:NextHopTimeout", "must be a positive time span (e.g. 00:02:00)");
        for (var i = 0; i < options.X400.LocalDomains.Length; i++)
        {
            Check(IsHostname(options.X400.LocalDomains[i]), $"X400:LocalDomains:{i}", $"'{options.X400.LocalDomains[i]}' is not a domain name");
        }
        if (!OrAddress.TryParse(options.X400.GatewayAddress, out var gateway, out var orError))
        {
            errors.Add($"Gateway:X400:GatewayAddress: '{options.X400.GatewayAddress}' is not an O/R address: {orError}");
        }
        else
        {
            Check(gateway.Country is not null && gateway.AdministrationDomain is not null, "X400:GatewayAddress", "needs at least C= and ADMD= (they name the gateway's management domain)");
        }
        Check(options.X400.PollInterval > TimeSpan.Zero, "X400:PollInterval", "must be a positive time span (e.g. 00:00:01)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool TryParseHostPort(string text, out DnsEndPoint? endPoint)
    {
        endPoint = null;
        if (IPEndPoint.TryParse(text, out var ip) && ip.Port > 0)
        {
            endPoint = new DnsEndPoint(ip.Address.ToString(), ip.Port);
            return true;
        }
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535 || !IsHostname(text[..colon])) return false;
        endPoint = new DnsEndPoint(text[..colon], port);
        return true;
    }

    private static bool IsHostname(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 253 && s.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-');
}
