using System.Diagnostics.CodeAnalysis;

namespace Gateway.X400.Mapping;

/// <summary>
/// RFC 2156 (MIXER) address mapping between RFC 822 mailboxes and X.400 O/R names, driven by a table of
/// <see cref="MappingRule"/>s, with the gateway's own domains and O/R address as the implicit last entry.
/// <para>RFC 822 → X.400, for <c>local@domain</c>:</para>
/// <list type="number">
/// <item>A domain in <c>localDomains</c>: <c>local</c> as an encoded personal name under the gateway's address, or, when it
/// starts with "/", the std-or-address it spells (<c>"/G=John/S=Smith/O=Acme/ADMD= /C=GB/"@gw-domain</c>).</item>
/// <item>Else the rule with the longest domain equal to, or a label-boundary suffix of, the domain: the labels left of it fill
/// the O and OU attributes after the prefix's last one (the label nearest the rule's domain first), and <c>local</c> is an
/// encoded personal name (<see cref="EncodedPersonalName"/>). Too many labels, an unfit label or local part: the rule does not apply.</item>
/// <item>Anything else: the gateway's address with an <c>RFC-822</c> domain-defined attribute holding the whole mailbox
/// (RFC 2156 §3.4 escapes). A recipient at an X.400 domain never gets this: it is refused with the reason.</item>
/// </list>
/// <para>X.400 → RFC 822:</para>
/// <list type="number">
/// <item>The gateway's address with one <c>RFC-822</c> domain-defined attribute and nothing else: the mailbox it holds.</item>
/// <item>Else the longest prefix the address matches: the O/OU values below it become leading domain labels, and G/I/S the
/// local part. Anything else in the address (CN, GQ, DDAs, …) or a value that is no DNS label: no mapping.</item>
/// <item>Anything else: the std-or-address as the local part at the first local domain (quoted unless a dot-atom).</item>
/// </list>
/// <para>
/// Reversibility is built in: a table mapping is used only when the other direction gives back what it started from, and
/// the fallback forms always come back. "The same" means: domains and attribute values compared case-insensitively (DNS
/// names are, and X.400 compares PrintableString attribute values without regard to case), local parts exactly, quoting
/// of a local part not counted (RFC 5322 §3.2.4). Deliberate aliases, which map to an address whose mailbox is another:
/// the second and later local domains; a std-or-address local part whose address has a table mapping; an RFC-822
/// attribute that is not the canonical escape of its mailbox or holds a mailbox the table maps elsewhere. RFC 2156 requires
/// that last one to go to the mailbox it holds; sending it back as a std-or-address would route it round in a loop.
/// </para>
/// </summary>
public sealed class MixerMapping
{
    public const string Rfc822DdaType = "RFC-822";

    private readonly string[] _localDomains;

    // Longest domain first, and longest prefix first, so that the first match is the longest.
    private readonly MappingRule[] _byDomain;
    private readonly (MappingRule Rule, bool Implicit)[] _byPrefix;

    /// <param name="gatewayAddress">The gateway's own O/R prefix (no personal name, CN or DDAs).</param>
    /// <param name="localDomains">The gateway's own RFC 822 domains, at least one; the first is the one it writes.</param>
    /// <param name="rules">The table. Domains and prefixes must be distinct (prefixes case-insensitively) and differ from the gateway's own.</param>
    /// <exception cref="ArgumentException">The table or the gateway's identity is not consistent; the message says why.</exception>
    public MixerMapping(OrAddress gatewayAddress, IReadOnlyList<string> localDomains, IReadOnlyList<MappingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(gatewayAddress);
        ArgumentNullException.ThrowIfNull(localDomains);
        ArgumentNullException.ThrowIfNull(rules);
        if (MappingRule.CheckPrefix(gatewayAddress) is { } gatewayError)
        {
            throw new ArgumentException($"The gateway address {gatewayAddress} {gatewayError}.", nameof(gatewayAddress));
        }
        if (localDomains.Count == 0)
        {
            throw new ArgumentException("At least one local domain is needed.", nameof(localDomains));
        }
        if (localDomains.FirstOrDefault(d => !DomainName.IsValid(d)) is { } badLocal)
        {
            throw new ArgumentException($"'{badLocal}' is not a domain name.", nameof(localDomains));
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var problem = MappingRule.CheckDomain(rule.Domain)
                ?? (MappingRule.CheckPrefix(rule.OrPrefix) is { } e ? $"{rule.OrPrefix} {e}" : null)
                ?? (rules.Take(i).Any(r => r.Domain.Equals(rule.Domain, StringComparison.OrdinalIgnoreCase)) ? $"'{rule.Domain}' is mapped twice" : null)
                ?? (rules.Take(i).Any(r => OrHierarchy.SameIgnoringCase(r.OrPrefix, rule.OrPrefix)) ? $"{rule.OrPrefix} is mapped twice" : null)
                ?? (localDomains.Contains(rule.Domain, StringComparer.OrdinalIgnoreCase) ? $"'{rule.Domain}' is a local domain" : null)
                ?? (OrHierarchy.SameIgnoringCase(rule.OrPrefix, gatewayAddress) ? $"{rule.OrPrefix} is the gateway's own address" : null);
            if (problem is not null) throw new ArgumentException($"Mapping rule {i}: {problem}.", nameof(rules));
        }

        GatewayAddress = gatewayAddress;
        _localDomains = [.. localDomains];
        Rules = [.. rules];
        _byDomain = [.. rules.OrderByDescending(r => r.Domain.Length)];
        _byPrefix = [.. rules.Select(r => (Rule: r, Implicit: false))
            .Append((Rule: new MappingRule(_localDomains[0], gatewayAddress), Implicit: true))
            .OrderByDescending(c => OrHierarchy.Depth(c.Rule.OrPrefix))];
    }

    public OrAddress GatewayAddress { get; }

    public IReadOnlyList<string> LocalDomains => _localDomains;

    public IReadOnlyList<MappingRule> Rules { get; }

    /// <summary>True when mail to the mailbox goes to X.400: its domain is a local domain, or the longest rule for it is X400-side.</summary>
    public bool IsX400Recipient(string mailbox)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        var at = mailbox.LastIndexOf('@');
        if (at <= 0) return false;
        var domain = mailbox[(at + 1)..];
        return IsLocalDomain(domain) || RuleFor(domain)?.Side == MappingSide.X400;
    }

    /// <summary>Maps a recipient at an X.400 domain to its O/R name; <paramref name="error"/> says precisely why not.</summary>
    public bool TryMapX400Recipient(string mailbox, [NotNullWhen(true)] out OrName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (!Rfc822Mailbox.TryParse(mailbox, out var parsed, out error)) return false;
        if (!IsLocalDomain(parsed.Domain) && RuleFor(parsed.Domain) is not { Side: MappingSide.X400 })
        {
            error = $"'{parsed.Domain}' is not an X.400 domain of this gateway";
            return false;
        }
        if (!TryMapByTable(parsed, out var address, out error)) return false;
        if (!IsLocalDomain(parsed.Domain) && !MapsBackTo(address, parsed, out var back))
        {
            error = $"it would be {address}, but the mapping table maps that to <{back}>, so the mapping would not be reversible";
            return false;
        }
        name = new OrName(address);
        return true;
    }

    /// <summary>
    /// Maps any SMTP mailbox, typically an originator, to an O/R name: by the table when it applies and is reversible, else as an
    /// RFC-822 domain-defined attribute under the gateway's address. The null reverse-path is the gateway itself.
    /// </summary>
    public bool TryMapSmtpMailbox(string mailbox, [NotNullWhen(true)] out OrName? name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(mailbox);
        name = null;
        if (mailbox.Length == 0)
        {
            name = new OrName(GatewayAddress);
            error = null;
            return true;
        }
        if (Rfc822Mailbox.TryParse(mailbox, out var parsed, out _)
            && TryMapByTable(parsed, out var address, out _)
            && (IsLocalDomain(parsed.Domain) || MapsBackTo(address, parsed, out _)))
        {
            name = new OrName(address);
            error = null;
            return true;
        }
        var wide = mailbox.AsSpan().IndexOfAnyExceptInRange('\0', '\x7F');
        if (wide >= 0)
        {
            error = $"<{mailbox}> contains {X411.Show(mailbox[wide])}; RFC 2156 maps only ASCII into an RFC-822 domain-defined attribute";
            return false;
        }
        var candidate = GatewayAddress with { DomainDefinedAttributes = [new DomainDefinedAttribute(Rfc822DdaType, Rfc2156Escaping.EncodePrintable(mailbox))] };
        if (!candidate.TryValidate(out error))
        {
            error = $"<{mailbox}> cannot be carried in an RFC-822 domain-defined attribute: {error}";
            return false;
        }
        if (!TryDecodeRfc822Attribute(candidate, out var back) || back != mailbox)
        {
            error = $"<{mailbox}> is not a mailbox that RFC 2156 can carry and give back unchanged";
            return false;
        }
        name = new OrName(candidate);
        return true;
    }

    /// <summary>Maps an O/R name to an RFC 822 mailbox; every O/R name has one.</summary>
    public string ToMailbox(OrName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var address = name.Address;
        if (TryDecodeRfc822Attribute(address, out var mailbox)) return mailbox;
        if (TryReverseByTable(address, out var mapped)
            && TryMapByTable(mapped, out var back, out _)
            && OrHierarchy.SameIgnoringCase(back, address))
        {
            return mapped.ToString();
        }
        return new Rfc822Mailbox(address.ToString(), _localDomains[0]).ToString();
    }

    private bool IsLocalDomain(string domain) => _localDomains.Contains(domain, StringComparer.OrdinalIgnoreCase);

    private MappingRule? RuleFor(string domain) => _byDomain.FirstOrDefault(r => DomainName.IsAtOrBelow(domain, r.Domain));

    /// <summary>RFC 822 → X.400 by the local domains or the table, without the reversibility check.</summary>
    private bool TryMapByTable(Rfc822Mailbox mailbox, [NotNullWhen(true)] out OrAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (IsLocalDomain(mailbox.Domain))
        {
            if (!mailbox.LocalPart.StartsWith('/')) return EncodedPersonalName.TryApply(GatewayAddress, mailbox.LocalPart, out address, out error);
            if (OrAddress.TryParse(mailbox.LocalPart, out address, out error)) return true;
            error = $"the local part is not a valid std-or-address: {error}";
            return false;
        }
        if (!mailbox.HasDomainName || RuleFor(mailbox.Domain) is not { } rule)
        {
            error = "no entry of the mapping table covers the domain";
            return false;
        }
        // "a.b" + "acme.co.uk": the label next to the mapped domain is the most significant, so it comes first.
        var labels = mailbox.Domain.Length == rule.Domain.Length
            ? []
            : mailbox.Domain[..^(rule.Domain.Length + 1)].Split('.').Reverse().ToList();
        var under = OrHierarchy.Extend(rule.OrPrefix, labels, out error);
        if (under is null)
        {
            error = $"{labels.Count} label{(labels.Count == 1 ? "" : "s")} left of {rule.Domain}, but {error}";
            return false;
        }
        return EncodedPersonalName.TryApply(under, mailbox.LocalPart, out address, out error);
    }

    /// <summary>X.400 → RFC 822 by the longest matching prefix, without the reversibility check.</summary>
    private bool TryReverseByTable(OrAddress address, [NotNullWhen(true)] out Rfc822Mailbox? mailbox)
    {
        mailbox = null;
        if (address.CommonName is not null || address.DomainDefinedAttributes.Count > 0) return false;
        var match = _byPrefix.FirstOrDefault(c => OrHierarchy.Matches(c.Rule.OrPrefix, address));
        if (match.Rule is null) return false;
        var below = OrHierarchy.Below(match.Rule.OrPrefix, address);
        if (below is null || (match.Implicit && below.Count > 0) || !below.All(l => DomainName.IsLabel(l))) return false;
        var domain = string.Join('.', below.AsEnumerable().Reverse().Append(match.Rule.Domain));
        if (domain.Length > DomainName.MaxLength || EncodedPersonalName.Format(address) is not { } local) return false;
        mailbox = new Rfc822Mailbox(local, domain);
        return true;
    }

    private bool MapsBackTo(OrAddress address, Rfc822Mailbox mailbox, out string back)
    {
        back = ToMailbox(new OrName(address));
        return Rfc822Mailbox.TryParse(back, out var parsed, out _) && parsed.IsSameAs(mailbox);
    }

    /// <summary>The mailbox of an RFC-822 attribute on the gateway's own address, when that is all the address holds.</summary>
    private bool TryDecodeRfc822Attribute(OrAddress address, [NotNullWhen(true)] out string? mailbox)
    {
        mailbox = null;
        if (address.DomainDefinedAttributes is not [{ } dda]
            || !dda.Type.Equals(Rfc822DdaType, StringComparison.OrdinalIgnoreCase)
            || OrHierarchy.NonHierarchicalAttributes(address).Count != 1
            || !OrHierarchy.Matches(GatewayAddress, address)
            || OrHierarchy.Depth(address) != OrHierarchy.Depth(GatewayAddress))
        {
            return false;
        }
        var decoded = Rfc2156Escaping.DecodePrintable(dda.Value);
        if (!Rfc822Mailbox.TryParse(decoded, out _, out _)) return false;
        mailbox = decoded;
        return true;
    }
}
