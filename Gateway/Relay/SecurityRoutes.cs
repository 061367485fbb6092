using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Relay;

/// <summary>
/// Finds the security route of a recipient: a route matches by the recipient's domain (the domain or a subdomain)
/// or by its O/R prefix, and by direction. The most specific match wins — the longest domain, the deepest prefix,
/// a prefix before a domain — so an operator can write a broad rule and carve exceptions out of it.
/// </summary>
public sealed class SecurityRoutes(IReadOnlyList<SecurityRoutes.Entry> entries)
{
    /// <param name="Domain">Set for a domain match.</param>
    /// <param name="Prefix">Set for an O/R prefix match.</param>
    /// <param name="Directions">The directions the entry covers.</param>
    public sealed record Entry(string? Domain, OrAddress? Prefix, IReadOnlyList<MailDirection> Directions, SecurityRoute Route);

    public static readonly SecurityRoutes None = new([]);

    public IReadOnlyList<Entry> Entries { get; } = entries;

    /// <summary>The route for a recipient given as a mailbox (its domain is matched) and, when known, as an O/R name.</summary>
    public SecurityRoute For(MailDirection direction, string? mailbox, OrAddress? address)
    {
        var domain = mailbox is not null && mailbox.LastIndexOf('@') is var at and > 0 ? mailbox[(at + 1)..] : null;
        Entry? best = null;
        var bestScore = -1;
        foreach (var entry in Entries)
        {
            if (!entry.Directions.Contains(direction)) continue;
            var score = -1;
            if (entry.Domain is not null && domain is not null && CoversDomain(entry.Domain, domain))
            {
                score = entry.Domain.Length;
            }
            else if (entry.Prefix is not null && address is not null && OrHierarchy.Matches(entry.Prefix, address))
            {
                // Prefixes outrank domains: an O/R prefix names the X.400 side exactly, a domain only through the mapping.
                score = 10_000 + OrHierarchy.Depth(entry.Prefix);
            }
            if (score > bestScore)
            {
                best = entry;
                bestScore = score;
            }
        }
        return best?.Route ?? SecurityRoute.Default;
    }

    private static bool CoversDomain(string routeDomain, string domain) =>
        domain.Equals(routeDomain, StringComparison.OrdinalIgnoreCase)
        || (domain.Length > routeDomain.Length && domain.EndsWith(routeDomain, StringComparison.OrdinalIgnoreCase)
            && domain[domain.Length - routeDomain.Length - 1] == '.');
}
