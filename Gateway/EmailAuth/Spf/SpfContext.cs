using System.Net;

namespace Gateway.EmailAuth.Spf;

/// <summary>
/// One check_host() evaluation: the client, the identities, the domain being evaluated, and the budget of DNS-querying
/// terms (10) and void lookups (2) that RFC 7208 §4.6.4 counts across includes and redirects.
/// </summary>
internal sealed class SpfContext
{
    public const int MaxLookups = 10;
    public const int MaxVoidLookups = 2;

    private readonly int[] _counters;

    public SpfContext(IPAddress ip, string sender, string helo, string domain, string receiver, DateTimeOffset now)
        : this(ip, sender, helo, domain, receiver, now, new int[2])
    {
    }

    private SpfContext(IPAddress ip, string sender, string helo, string domain, string receiver, DateTimeOffset now, int[] counters)
    {
        Ip = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        Sender = sender;
        Helo = helo;
        Domain = domain;
        Receiver = receiver;
        Now = now;
        _counters = counters;
        var at = sender.LastIndexOf('@');
        LocalPart = at > 0 ? sender[..at] : "postmaster";
        SenderDomain = at >= 0 ? sender[(at + 1)..] : sender;
    }

    public IPAddress Ip { get; }

    public string Sender { get; }

    public string LocalPart { get; }

    public string SenderDomain { get; }

    public string Helo { get; }

    /// <summary>The domain whose record is being evaluated (%{d}).</summary>
    public string Domain { get; }

    public string Receiver { get; }

    public DateTimeOffset Now { get; }

    public int Depth { get; private init; }

    /// <summary>The same evaluation in an included or redirected domain: the budget is shared.</summary>
    public SpfContext For(string domain) => new(Ip, Sender, Helo, domain, Receiver, Now, _counters) { Depth = Depth + 1 };

    /// <exception cref="SpfSyntaxException">The eleventh DNS-querying term.</exception>
    public void CountLookup()
    {
        if (++_counters[0] > MaxLookups) throw new SpfSyntaxException($"more than {MaxLookups} DNS-querying terms (RFC 7208 section 4.6.4)");
    }

    /// <exception cref="SpfSyntaxException">The third void lookup.</exception>
    public void CountVoid()
    {
        if (++_counters[1] > MaxVoidLookups) throw new SpfSyntaxException($"more than {MaxVoidLookups} void DNS lookups (RFC 7208 section 4.6.4)");
    }
}
