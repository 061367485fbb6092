using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Gateway.EmailAuth.Dns;

namespace Gateway.EmailAuth.Spf;

/// <summary>
/// RFC 7208 check_host(): the record lookup (§4.4, §4.5), every mechanism (all, include, a, mx, ptr, ip4, ip6, exists)
/// and modifier (redirect, exp; unknown modifiers ignored), macros (§7), the limits of §4.6.4 (10 DNS-querying terms,
/// 2 void lookups, 10 MX or PTR names), and the results' meanings for include and redirect. A DNS failure is temperror,
/// never a pass. Pure apart from the <see cref="IDnsLookup"/> it is given.
/// </summary>
public sealed class SpfEvaluator(IDnsLookup dns, string receiver = "cms-x400-gateway")
{
    private const int MaxNames = 10;

    /// <param name="sender">The MAIL FROM mailbox, or postmaster@HELO for the HELO identity (RFC 7208 §2.3, §2.4).</param>
    public async Task<SpfVerdict> CheckHostAsync(IPAddress ip, string domain, string sender, string helo, CancellationToken cancellationToken)
    {
        var context = new SpfContext(ip, sender, helo, domain.TrimEnd('.'), receiver, DateTimeOffset.UtcNow);
        try
        {
            return await CheckAsync(context, cancellationToken);
        }
        catch (SpfSyntaxException e)
        {
            return new SpfVerdict(SpfResult.PermError, context.Domain, e.Message);
        }
    }

    /// <summary>The identity checked for a MAIL FROM (RFC 7208 §2.4; the null path checks postmaster@HELO).</summary>
    public Task<SpfVerdict> CheckMailFromAsync(IPAddress ip, string mailFrom, string helo, CancellationToken cancellationToken)
    {
        var sender = mailFrom.Length == 0 ? $"postmaster@{helo}" : mailFrom;
        var domain = sender[(sender.LastIndexOf('@') + 1)..];
        return CheckHostAsync(ip, domain, sender, helo, cancellationToken);
    }

    public Task<SpfVerdict> CheckHeloAsync(IPAddress ip, string helo, CancellationToken cancellationToken) =>
        CheckHostAsync(ip, helo, $"postmaster@{helo}", helo, cancellationToken);

    private async Task<SpfVerdict> CheckAsync(SpfContext context, CancellationToken cancellationToken)
    {
        var domain = context.Domain;
        if (!IsDomain(domain)) return new SpfVerdict(SpfResult.None, domain, $"'{domain}' is not a domain name");
        var txt = await dns.TxtAsync(domain, cancellationToken);
        if (txt.Status == DnsStatus.Failure) return new SpfVerdict(SpfResult.TempError, domain, $"DNS: {txt.Error}");
        var records = txt.Records.Where(IsSpfRecord).ToList();
        if (records.Count == 0) return new SpfVerdict(SpfResult.None, domain, $"{domain} publishes no SPF record");
        if (records.Count > 1) return new SpfVerdict(SpfResult.PermError, domain, $"{domain} publishes {records.Count} SPF records");

        var terms = records[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        // RFC 7208 §4.6: a syntax error anywhere in the record is a permerror, also after a mechanism that would have matched.
        foreach (var term in terms) CheckSyntax(term, domain);
        string? redirect = null;
        foreach (var term in terms)
        {
            var equals = term.IndexOf('=');
            var colon = term.IndexOf(':');
            if (equals > 0 && (colon < 0 || equals < colon) && IsName(term[..equals]))
            {
                var name = term[..equals].ToLowerInvariant();
                if (name == "redirect")
                {
                    if (redirect is not null) throw new SpfSyntaxException($"{domain}: two redirect modifiers");
                    redirect = term[(equals + 1)..];
                }
                else if (name == "exp" && terms.Count(t => t.StartsWith("exp=", StringComparison.OrdinalIgnoreCase)) > 1)
                {
                    throw new SpfSyntaxException($"{domain}: two exp modifiers");
                }
                continue; // exp is only for the explanation text; unknown modifiers are ignored (§6)
            }
            var (qualifier, mechanism) = term[0] is '+' or '-' or '~' or '?' ? (term[0], term[1..]) : ('+', term);
            if (await MatchesAsync(mechanism, context, cancellationToken) is { } outcome)
            {
                if (outcome.Result is SpfResult.TempError or SpfResult.PermError) return outcome;
                if (outcome.Result == SpfResult.Pass)
                {
                    var result = qualifier switch { '-' => SpfResult.Fail, '~' => SpfResult.SoftFail, '?' => SpfResult.Neutral, _ => SpfResult.Pass };
                    return new SpfVerdict(result, domain, $"mechanism '{term}' matched");
                }
            }
        }
        if (redirect is not null)
        {
            context.CountLookup();
            var target = TargetOf(redirect, context);
            var redirected = await CheckAsync(context.For(target), cancellationToken);
            return redirected.Result == SpfResult.None
                ? new SpfVerdict(SpfResult.PermError, domain, $"redirect={target} has no SPF record")
                : redirected;
        }
        return new SpfVerdict(SpfResult.Neutral, domain, $"no mechanism of {domain} matched");
    }

    /// <summary>A Pass verdict when the mechanism matches, null when it does not; temperror or permerror when it cannot say.</summary>
    private async Task<SpfVerdict?> MatchesAsync(string mechanism, SpfContext context, CancellationToken cancellationToken)
    {
        var domain = context.Domain;
        var (name, argument) = Split(mechanism);
        var matched = new SpfVerdict(SpfResult.Pass, domain, mechanism);
        switch (name.ToLowerInvariant())
        {
            case "all":
                if (argument is not null) throw new SpfSyntaxException($"{domain}: 'all' takes no argument");
                return matched;
            case "include":
            {
                if (string.IsNullOrEmpty(argument)) throw new SpfSyntaxException($"{domain}: include needs a domain");
                context.CountLookup();
                var included = await CheckAsync(context.For(TargetOf(argument, context)), cancellationToken);
                return included.Result switch
                {
                    SpfResult.Pass => matched,
                    SpfResult.TempError => included,
                    SpfResult.PermError or SpfResult.None => new SpfVerdict(SpfResult.PermError, domain,
                        $"include:{included.Domain} gave {included.Word}: {included.Explanation}"),
                    _ => null,
                };
            }
            case "a":
            {
                context.CountLookup();
                var (target, v4, v6) = DualCidr(argument, context);
                var addresses = await AddressesAsync(target, context, cancellationToken);
                if (addresses.Status == DnsStatus.Failure) return new SpfVerdict(SpfResult.TempError, domain, $"DNS: {addresses.Error}");
                return addresses.Records.Any(a => InNetwork(context.Ip, a, v4, v6)) ? matched : null;
            }
            case "mx":
            {
                context.CountLookup();
                var (target, v4, v6) = DualCidr(argument, context);
                var mx = await dns.MxAsync(target, cancellationToken);
                if (mx.Status == DnsStatus.Failure) return new SpfVerdict(SpfResult.TempError, domain, $"DNS: {mx.Error}");
                if (mx.IsVoid) context.CountVoid();
                if (mx.Records.Count > MaxNames) throw new SpfSyntaxException($"{domain}: mx:{target} has more than {MaxNames} exchanges");
                foreach (var exchange in mx.Records)
                {
                    var addresses = await AddressesAsync(exchange, context, cancellationToken);
                    if (addresses.Status == DnsStatus.Failure) return new SpfVerdict(SpfResult.TempError, domain, $"DNS: {addresses.Error}");
                    if (addresses.Records.Any(a => InNetwork(context.Ip, a, v4, v6))) return matched;
                }
                return null;
            }
            case "ptr":
            {
                context.CountLookup();
                var target = argument is null ? domain : TargetOf(argument, context);
                var ptr = await dns.PtrAsync(context.Ip, cancellationToken);
                if (ptr.Status == DnsStatus.Failure || ptr.IsVoid) return null; // §5.5: a failed PTR lookup is no match
                foreach (var candidate in ptr.Records.Take(MaxNames))
                {
                    if (!candidate.Equals(target, StringComparison.OrdinalIgnoreCase)
                        && !candidate.EndsWith("." + target, StringComparison.OrdinalIgnoreCase)) continue;
                    var forward = await dns.AddressesAsync(candidate, context.Ip.AddressFamily == AddressFamily.InterNetworkV6, cancellationToken);
                    if (forward.Records.Contains(context.Ip)) return matched;
                }
                return null;
            }
            case "ip4":
            case "ip6":
            {
                var (six, network, length) = Network(name, argument, mechanism, domain);
                return InNetwork(context.Ip, network, six ? 32 : length, six ? length : 128) ? matched : null;
            }
            case "exists":
            {
                if (string.IsNullOrEmpty(argument)) throw new SpfSyntaxException($"{domain}: exists needs a domain");
                context.CountLookup();
                var a = await dns.AddressesAsync(TargetOf(argument, context), ipv6: false, cancellationToken);
                if (a.Status == DnsStatus.Failure) return new SpfVerdict(SpfResult.TempError, domain, $"DNS: {a.Error}");
                if (a.IsVoid) context.CountVoid();
                return a.Records.Count > 0 ? matched : null;
            }
            default:
                throw new SpfSyntaxException($"{domain}: unknown mechanism '{name}'");
        }
    }

    /// <summary>The mechanism's name and its argument: what follows ':', or a dual-cidr-length that begins with '/'.</summary>
    private static (string Name, string? Argument) Split(string mechanism)
    {
        var separator = mechanism.IndexOfAny([':', '/']);
        return separator < 0
            ? (mechanism, null)
            : (mechanism[..separator], mechanism[separator] == ':' ? mechanism[(separator + 1)..] : mechanism[separator..]);
    }

    /// <summary>What can be wrong with a term before any DNS is asked: an unknown mechanism, an argument where none goes or none where one must.</summary>
    private static void CheckSyntax(string term, string domain)
    {
        var equals = term.IndexOf('=');
        var colon = term.IndexOf(':');
        if (equals > 0 && (colon < 0 || equals < colon) && IsName(term[..equals])) return; // a modifier
        var mechanism = term[0] is '+' or '-' or '~' or '?' ? term[1..] : term;
        var (name, argument) = Split(mechanism);
        switch (name.ToLowerInvariant())
        {
            case "all" when argument is not null:
                throw new SpfSyntaxException($"{domain}: 'all' takes no argument");
            case "include" or "exists" when string.IsNullOrEmpty(argument):
                throw new SpfSyntaxException($"{domain}: {name} needs a domain");
            case "ip4" or "ip6":
                Network(name, argument, mechanism, domain);
                break;
            case "all" or "include" or "exists" or "a" or "mx" or "ptr":
                break;
            default:
                throw new SpfSyntaxException($"{domain}: unknown mechanism '{name}'");
        }
    }

    private static (bool Six, IPAddress Network, int Length) Network(string name, string? argument, string mechanism, string domain)
    {
        if (argument is null) throw new SpfSyntaxException($"{domain}: {name} needs an address");
        var six = name.Equals("ip6", StringComparison.OrdinalIgnoreCase);
        var slash = argument.IndexOf('/');
        var text = slash < 0 ? argument : argument[..slash];
        if (!IPAddress.TryParse(text, out var network) || (network.AddressFamily == AddressFamily.InterNetworkV6) != six || (!six && text.Count(c => c == '.') != 3))
        {
            throw new SpfSyntaxException($"{domain}: '{mechanism}' is not a valid {name} network");
        }
        return (six, network, slash < 0 ? (six ? 128 : 32) : Cidr(argument[(slash + 1)..], six ? 128 : 32, mechanism));
    }

    private async Task<DnsAnswer<IPAddress>> AddressesAsync(string name, SpfContext context, CancellationToken cancellationToken)
    {
        var answer = await dns.AddressesAsync(name, context.Ip.AddressFamily == AddressFamily.InterNetworkV6, cancellationToken);
        if (answer.IsVoid) context.CountVoid();
        return answer;
    }

    /// <summary>[":" domain-spec] ["/" ip4-cidr] ["//" ip6-cidr] of a and mx.</summary>
    private static (string Target, int V4, int V6) DualCidr(string? argument, SpfContext context)
    {
        if (argument is null) return (context.Domain, 32, 128);
        var spec = argument;
        var v4 = 32;
        var v6 = 128;
        var doubleSlash = spec.IndexOf("//", StringComparison.Ordinal);
        if (doubleSlash >= 0)
        {
            v6 = Cidr(spec[(doubleSlash + 2)..], 128, argument);
            spec = spec[..doubleSlash];
        }
        var slash = spec.IndexOf('/');
        if (slash >= 0)
        {
            v4 = Cidr(spec[(slash + 1)..], 32, argument);
            spec = spec[..slash];
        }
        if (argument.StartsWith('/')) return (context.Domain, v4, v6);
        if (spec.Length == 0) throw new SpfSyntaxException($"{context.Domain}: empty domain-spec in '{argument}'");
        return (TargetOf(spec, context), v4, v6);
    }

    private static int Cidr(string text, int max, string term)
    {
        if (text.Length == 0 || (text.Length > 1 && text[0] == '0') || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > max)
        {
            throw new SpfSyntaxException($"'{term}': '/{text}' is not a prefix length of at most {max}");
        }
        return length;
    }

    /// <summary>A macro-expanded domain-spec, shortened from the left to 253 characters (§7.3), checked as a domain name.</summary>
    private static string TargetOf(string domainSpec, SpfContext context)
    {
        var target = SpfMacro.Expand(domainSpec, context).TrimEnd('.');
        while (target.Length > 253 && target.IndexOf('.') is var dot and > 0) target = target[(dot + 1)..];
        var labels = target.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63) || !labels[^1].Any(char.IsLetter))
        {
            throw new SpfSyntaxException($"'{domainSpec}' expands to '{target}', not a domain name");
        }
        return target;
    }

    private static bool InNetwork(IPAddress client, IPAddress network, int v4, int v6)
    {
        if (network.IsIPv4MappedToIPv6) network = network.MapToIPv4();
        if (client.AddressFamily != network.AddressFamily) return false;
        var length = client.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : v4;
        var a = client.GetAddressBytes();
        var b = network.GetAddressBytes();
        for (var bit = 0; bit < length; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static bool IsSpfRecord(string txt) =>
        txt.StartsWith("v=spf1", StringComparison.OrdinalIgnoreCase) && (txt.Length == 6 || txt[6] == ' ');

    private static bool IsName(string name) => name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsDomain(string domain)
    {
        if (domain.Length is 0 or > 253) return false;
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63);
    }
}
