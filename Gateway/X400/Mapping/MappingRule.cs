using System.Diagnostics.CodeAnalysis;

namespace Gateway.X400.Mapping;

/// <summary>
/// One entry of the MIXER mapping table (the RFC 2156 MCGAM tables): an RFC 822 domain and the O/R address
/// prefix that stand for each other, both ways. Labels left of <see cref="Domain"/> stand for the O and OU attributes
/// below <see cref="OrPrefix"/>.
/// </summary>
/// <param name="Domain">The RFC 822 domain, written back in this spelling (DNS names compare case-insensitively).</param>
/// <param name="OrPrefix">Only hierarchical attributes: C, ADMD, PRMD, O, OU1..OU4.</param>
/// <param name="Side">Where the domain's users live: it routes recipients, not names.</param>
public sealed record MappingRule(string Domain, OrAddress OrPrefix, MappingSide Side = MappingSide.X400)
{
    /// <summary>Null when <paramref name="domain"/> is a syntactically valid DNS domain name (letters, digits, hyphens; no trailing dot), else the problem.</summary>
    public static string? CheckDomain(string? domain) =>
        DomainName.IsValid(domain) ? null : $"'{domain}' is not a domain name";

    /// <summary>
    /// Parses an O/R prefix: a std-or-address (or RFC 1685 form) with C and ADMD and nothing below OU: no personal name,
    /// common name, domain-defined attributes.
    /// </summary>
    public static bool TryParsePrefix(string? text, [NotNullWhen(true)] out OrAddress? prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = null;
        if (!OrAddress.TryParse(text, out var parsed, out var parseError))
        {
            error = $"'{text}' is not an O/R address: {parseError}";
            return false;
        }
        error = CheckPrefix(parsed);
        if (error is not null)
        {
            error = $"'{text}' {error}";
            return false;
        }
        prefix = parsed;
        return true;
    }

    /// <summary>Null when the address is an O/R prefix; else what is wrong, as a predicate ("holds S; …").</summary>
    public static string? CheckPrefix(OrAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var extra = OrHierarchy.NonHierarchicalAttributes(address);
        if (extra.Count > 0)
        {
            return $"holds {string.Join(", ", extra)}; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4";
        }
        // Without C and ADMD the prefix names no management domain, and X.400 cannot route to it.
        return address.Country is null || address.AdministrationDomain is null
            ? "needs C= and ADMD= (they name the management domain)"
            : null;
    }
}
