using Gateway.X400.Mapping;

namespace Gateway.Configuration;

/// <summary>
/// One entry of <c>Gateway:X400:Mappings</c>: an RFC 822 domain and the O/R address prefix that stand for each other
/// (RFC 2156 MIXER mapping), e.g. <c>{ "Domain": "acme.co.uk", "OrPrefix": "/O=Acme/PRMD=Acme/ADMD= /C=GB/" }</c>.
/// </summary>
public sealed class X400MappingOptions
{
    /// <summary>The RFC 822 domain; its subdomains map too, each label left of it to the next O or OU attribute.</summary>
    public string Domain { get; set; } = "";

    /// <summary>The O/R prefix in RFC 2156 std-or-address form, with only C, ADMD, PRMD, O and OU1..OU4.</summary>
    public string OrPrefix { get; set; } = "";

    /// <summary>
    /// <c>X400</c> (the default): the domain's users are X.400 users, so mail to them goes to X.400. <c>Internet</c>: they
    /// are Internet users; the entry only gives them a readable O/R address, and their mail stays SMTP.
    /// </summary>
    // A string, not the enum: a misspelt side must reach the validator (a message naming the key), not fail in the binder.
    public string Side { get; set; } = nameof(MappingSide.X400);

    /// <summary>The side named by <see cref="Side"/>, by name only (the enum parser would also take "0" and "1").</summary>
    public bool TryGetSide(out MappingSide side)
    {
        foreach (var candidate in Enum.GetValues<MappingSide>())
        {
            if (string.Equals(Side, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                side = candidate;
                return true;
            }
        }
        side = default;
        return false;
    }

    /// <summary>The table entry; call only on validated options.</summary>
    public MappingRule ToRule() =>
        TryGetSide(out var side) && MappingRule.TryParsePrefix(OrPrefix, out var prefix, out var error)
            ? new MappingRule(Domain, prefix, side)
            : throw new InvalidOperationException($"The mapping for '{Domain}' was not validated: side '{Side}', prefix '{OrPrefix}'.");
}
