using System.Net;
using Gateway.X400;
using Gateway.X400.Mapping;
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
        Check(options.Smtp.MaxInMemoryMessageSize is >= 0 and <= 16 * 1024 * 1024, "Smtp:MaxInMemoryMessageSize",
            "must be between 0 (every message to a temporary file) and 16777216 octets (16 MiB); up to MaxConnections times this is held in memory");
        Check(options.Smtp.MaxErrors > 0, "Smtp:MaxErrors", "must be at least 1");
        errors.AddRange(options.Smtp.Tls.Validate());
        errors.AddRange(options.Smtp.Auth.Validate(options.Smtp.Tls));
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
            // Personal names go under it, and an RFC-822 attribute on it alone means "an Internet mailbox".
            if (gateway.Country is not null && gateway.AdministrationDomain is not null && MappingRule.CheckPrefix(gateway) is { } notPrefix)
            {
                errors.Add($"Gateway:X400:GatewayAddress: '{options.X400.GatewayAddress}' {notPrefix}");
            }
        }
        ValidateMappings(options.X400, gateway, errors);
        if (options.X400.DropDirectory is { } drop)
        {
            Check(!string.IsNullOrWhiteSpace(drop), "X400:DropDirectory", "must name a directory (or be left out for <DataDirectory>/x400)");
            Check(!File.Exists(drop), "X400:DropDirectory", $"'{drop}' is a file; it must be a directory (created if missing)");
        }
        Check(options.X400.PollInterval > TimeSpan.Zero, "X400:PollInterval", "must be a positive time span (e.g. 00:00:01)");
        ValidateSecurity(options.Security, errors);
        ValidateCertificates(options.Certificates, errors);
        var auth = options.EmailAuth;
        for (var i = 0; i < auth.DnsServers.Length; i++)
        {
            Check(System.Net.IPEndPoint.TryParse(auth.DnsServers[i], out _), $"EmailAuth:DnsServers:{i}", $"'{auth.DnsServers[i]}' is not an IP address with an optional port");
        }
        Check(auth.DnsTimeout > TimeSpan.Zero, "EmailAuth:DnsTimeout", "must be a positive time span (e.g. 00:00:05)");
        Check(auth.DnsRetries is >= 0 and <= 5, "EmailAuth:DnsRetries", "must be 0 to 5");
        Check(PolicyNames.Canonical(auth.Dmarc, ["Enforce", "Monitor"]) is not null, "EmailAuth:Dmarc", $"'{auth.Dmarc}' is not Enforce or Monitor");
        Check(PolicyNames.Canonical(auth.QuarantineToX400, ["Refuse", "Relay"]) is not null, "EmailAuth:QuarantineToX400", $"'{auth.QuarantineToX400}' is not Refuse or Relay");
        var signing = auth.Signing;
        if (signing.Domain is not null || signing.Selector is not null || signing.KeyFile is not null)
        {
            Check(signing.Domain is not null && signing.Selector is not null && signing.KeyFile is not null, "EmailAuth:Signing",
                "needs Domain, Selector and KeyFile together");
            if (signing.KeyFile is { } keyFile && signing.Domain is { } d && signing.Selector is { } sel)
            {
                try
                {
                    Gateway.EmailAuth.Dkim.GatewayDkimSigner.Load(keyFile, d, sel);
                }
                catch (FormatException e)
                {
                    errors.Add($"Gateway:EmailAuth:Signing:KeyFile: {e.Message}");
                }
            }
        }
        var delivery = options.Delivery;
        Check(delivery.MaxLifetime > TimeSpan.Zero, "Delivery:MaxLifetime", "must be a positive time span (e.g. 5.00:00:00)");
        Check(delivery.Retries is >= 0 and <= 10, "Delivery:Retries", "must be 0 to 10");
        Check(delivery.RetryDelay > TimeSpan.Zero, "Delivery:RetryDelay", "must be a positive time span (e.g. 00:00:01)");
        Check(delivery.MaxRetryInterval >= TimeSpan.FromSeconds(2), "Delivery:MaxRetryInterval", "must be at least 00:00:02");
        Check(delivery.BreakerMinimumThroughput >= 2, "Delivery:BreakerMinimumThroughput", "must be at least 2");
        Check(delivery.BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "Delivery:BreakerSamplingDuration", "must be at least 00:00:00.5");
        Check(delivery.BreakerDuration >= TimeSpan.FromMilliseconds(500), "Delivery:BreakerDuration", "must be at least 00:00:00.5");
        Check(delivery.Concurrency is >= 1 and <= 256, "Delivery:Concurrency", "must be 1 to 256");
        Check(delivery.NextHopConnections is >= 1 and <= 1000, "Delivery:NextHopConnections", "must be 1 to 1000");
        Check(delivery.ConnectionCacheSize is >= 0 and <= 1000, "Delivery:ConnectionCacheSize", "must be 0 to 1000");
        Check(delivery.ConnectionCacheTime > TimeSpan.Zero && delivery.ConnectionCacheTime <= TimeSpan.FromMinutes(5), "Delivery:ConnectionCacheTime",
            "must be a positive time span of at most 00:05:00 (next hops close idle connections after a few minutes)");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSecurity(SecurityOptions security, List<string> errors)
    {
        const string Key = "Gateway:Security";
        for (var i = 0; i < security.TrustAnchors.Length; i++)
        {
            var path = security.TrustAnchors[i];
            if (!File.Exists(path) && !Directory.Exists(path)) errors.Add($"{Key}:TrustAnchors:{i}: '{path}' is neither a file nor a directory");
        }
        if (security.TrustAnchors.All(p => File.Exists(p) || Directory.Exists(p)))
        {
            // Parsed here, at start, so that a file that is no certificate stops the daemon with its name, not the first message.
            try
            {
                Gateway.Certificates.TrustAnchorFiles.Load(security.TrustAnchors);
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                errors.Add($"{Key}:TrustAnchors: {e.Message}");
            }
        }
        for (var i = 0; i < security.RecipientCertificates.Length; i++)
        {
            var path = security.RecipientCertificates[i];
            if (!File.Exists(path) && !Directory.Exists(path)) errors.Add($"{Key}:RecipientCertificates:{i}: '{path}' is neither a file nor a directory");
        }
        if (PolicyNames.Canonical(security.InvalidSignature, PolicyNames.Actions) is null)
        {
            errors.Add($"{Key}:InvalidSignature: '{security.InvalidSignature}' is not Reject or Flag");
        }
        if (PolicyNames.Canonical(security.OriginatorMismatch, PolicyNames.Actions) is null)
        {
            errors.Add($"{Key}:OriginatorMismatch: '{security.OriginatorMismatch}' is not Flag or Reject");
        }
        if (security.Identity is not null) ValidateIdentity(security.Identity, $"{Key}:Identity", errors);
        for (var i = 0; i < security.DecryptionIdentities.Length; i++)
        {
            if (security.DecryptionIdentities[i] is { } identity) ValidateIdentity(identity, $"{Key}:DecryptionIdentities:{i}", errors);
            else errors.Add($"{Key}:DecryptionIdentities:{i}: is empty");
        }
        for (var i = 0; i < security.Routes.Length; i++)
        {
            var key = $"{Key}:Routes:{i}";
            var route = security.Routes[i];
            if (route is null)
            {
                errors.Add($"{key}: is empty; a route needs at least Match");
                continue;
            }
            if (route.Match.StartsWith('/'))
            {
                if (!MappingRule.TryParsePrefix(route.Match, out _, out var prefixError)) errors.Add($"{key}:Match: '{route.Match}' {prefixError}");
            }
            else if (MappingRule.CheckDomain(route.Match) is { } domainError)
            {
                errors.Add($"{key}:Match: {domainError} (a route matches a domain or an O/R prefix such as /O=Acme/PRMD=Acme/ADMD= /C=GB/)");
            }
            if (PolicyNames.Canonical(route.Direction, PolicyNames.Directions) is null)
            {
                errors.Add($"{key}:Direction: '{route.Direction}' is not ToX400, ToSmtp or Both");
            }
            if (PolicyNames.Canonical(route.Cipher, PolicyNames.Ciphers) is null)
            {
                errors.Add($"{key}:Cipher: '{route.Cipher}' is not one of {string.Join(", ", PolicyNames.Ciphers)}");
            }
            if ((route.Sign || route.TripleWrap) && security.Identity is null)
            {
                errors.Add($"{key}: {(route.Sign ? "Sign" : "TripleWrap")} needs the gateway's signing identity, Gateway:Security:Identity");
            }
            if (route.Decrypt && security.DecryptionIdentities.Length == 0)
            {
                errors.Add($"{key}:Decrypt: needs at least one Gateway:Security:DecryptionIdentities entry");
            }
        }
    }

    private static void ValidateCertificates(CertificatesOptions certificates, List<string> errors)
    {
        const string Key = "Gateway:Certificates";
        if (certificates.Store is { } store && File.Exists(store)) errors.Add($"{Key}:Store: '{store}' is a file; it must be a directory (created if missing)");
        if (certificates.Cache.Ttl <= TimeSpan.Zero) errors.Add($"{Key}:Cache:Ttl: must be a positive time span (e.g. 01:00:00)");
        if (certificates.Cache.NegativeTtl < TimeSpan.Zero) errors.Add($"{Key}:Cache:NegativeTtl: must not be negative");
        if (certificates.Cache.MaxEntries < 1) errors.Add($"{Key}:Cache:MaxEntries: must be at least 1");
        if (certificates.CrlRecheck <= TimeSpan.Zero) errors.Add($"{Key}:CrlRecheck: must be a positive time span (e.g. 00:05:00)");
        var ldap = certificates.Ldap;
        if (string.IsNullOrWhiteSpace(ldap.Url)) return;
        if (!Uri.TryCreate(ldap.Url, UriKind.Absolute, out var url) || url.Scheme != "ldap" || string.IsNullOrEmpty(url.Host))
        {
            errors.Add($"{Key}:Ldap:Url: '{ldap.Url}' is not ldap://host[:port]");
        }
        if (string.IsNullOrWhiteSpace(ldap.BaseDn)) errors.Add($"{Key}:Ldap:BaseDn: is needed with Url (where searches start, e.g. ou=pki,dc=example,dc=org)");
        if (ldap.Timeout <= TimeSpan.Zero) errors.Add($"{Key}:Ldap:Timeout: must be a positive time span (e.g. 00:00:05)");
        if (ldap.BindPasswordFile is { } file && !File.Exists(file)) errors.Add($"{Key}:Ldap:BindPasswordFile: '{file}' does not exist");
        if (ldap.BindPasswordFile is not null && ldap.BindDn is null) errors.Add($"{Key}:Ldap:BindDn: is needed with BindPasswordFile");
        foreach (var (name, template) in new[] { ("Email", ldap.Filters.Email), ("OrAddress", ldap.Filters.OrAddress), ("KeyIdentifier", ldap.Filters.KeyIdentifier),
                     ("IssuerAndSerial", ldap.Filters.IssuerAndSerial), ("Subject", ldap.Filters.Subject), ("Crl", ldap.Filters.Crl) })
        {
            if (!template.StartsWith('(') || !template.EndsWith(')') || template.Count(c => c == '(') != template.Count(c => c == ')'))
            {
                errors.Add($"{Key}:Ldap:Filters:{name}: '{template}' is not a parenthesised LDAP filter");
            }
        }
    }

    /// <summary>The settings, then the files themselves: a key that cannot be read stops the daemon now, naming the file.</summary>
    private static void ValidateIdentity(CmsIdentityOptions identity, string key, List<string> errors)
    {
        var problems = identity.Validate(key).ToList();
        errors.AddRange(problems);
        if (problems.Count > 0) return;
        try
        {
            identity.Load();
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key}: {e.Message}");
        }
    }

    private static void ValidateMappings(X400Options x400, OrAddress? gateway, List<string> errors)
    {
        var domains = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new List<(OrAddress Prefix, int Index)>();
        for (var i = 0; i < x400.Mappings.Length; i++)
        {
            var key = $"Gateway:X400:Mappings:{i}";
            var mapping = x400.Mappings[i];
            if (mapping is null)
            {
                errors.Add($"{key}: is empty; an entry needs Domain and OrPrefix");
                continue;
            }
            if (MappingRule.CheckDomain(mapping.Domain) is { } domainError)
            {
                errors.Add($"{key}:Domain: {domainError}");
            }
            else if (domains.TryGetValue(mapping.Domain, out var first))
            {
                errors.Add($"{key}:Domain: '{mapping.Domain}' is already mapped by Gateway:X400:Mappings:{first}");
            }
            else if (x400.LocalDomains.Contains(mapping.Domain, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:Domain: '{mapping.Domain}' is in Gateway:X400:LocalDomains, whose users map under Gateway:X400:GatewayAddress");
            }
            else
            {
                domains[mapping.Domain] = i;
            }

            if (!MappingRule.TryParsePrefix(mapping.OrPrefix, out var prefix, out var prefixError))
            {
                errors.Add($"{key}:OrPrefix: {prefixError}");
            }
            else if (prefixes.FirstOrDefault(p => SameIgnoringCase(p.Prefix, prefix)) is { Prefix: not null } same)
            {
                // Two domains for one prefix: the X.400 → RFC 822 direction could give only one of them back.
                errors.Add($"{key}:OrPrefix: '{mapping.OrPrefix}' is already the prefix of Gateway:X400:Mappings:{same.Index}");
            }
            else if (gateway is not null && SameIgnoringCase(gateway, prefix))
            {
                errors.Add($"{key}:OrPrefix: '{mapping.OrPrefix}' is Gateway:X400:GatewayAddress, which Gateway:X400:LocalDomains map to");
            }
            else
            {
                prefixes.Add((prefix, i));
            }

            if (!mapping.TryGetSide(out _))
            {
                errors.Add($"{key}:Side: '{mapping.Side}' is neither X400 nor Internet");
            }
        }
    }

    // Case does not distinguish O/R addresses (X.400 compares PrintableString values without regard to case).
    private static bool SameIgnoringCase(OrAddress a, OrAddress b) =>
        string.Equals(a.ToString(), b.ToString(), StringComparison.OrdinalIgnoreCase);

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
