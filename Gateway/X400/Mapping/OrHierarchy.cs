namespace Gateway.X400.Mapping;

/// <summary>
/// The hierarchical attributes of an O/R address as one ordered path, most significant first:
/// C, ADMD, PRMD, O, OU1..OU4 (positions 0..7). A prefix is a leading part of that path.
/// </summary>
internal static class OrHierarchy
{
    public const int OrganizationPosition = 3;
    public const int PathLength = 4 + X411.UbOrganizationalUnits;

    public static string NameOf(int position) => position switch
    {
        0 => "C",
        1 => "ADMD",
        2 => "PRMD",
        3 => "O",
        _ => "OU" + (position - OrganizationPosition),
    };

    public static string? ValueAt(OrAddress a, int position) => position switch
    {
        0 => a.Country,
        1 => a.AdministrationDomain,
        2 => a.PrivateDomain,
        3 => a.Organization,
        _ => position - 4 < a.OrganizationalUnits.Count ? a.OrganizationalUnits[position - 4] : null,
    };

    /// <summary>One past the last hierarchical attribute present: how long a path the prefix fixes.</summary>
    public static int Depth(OrAddress a)
    {
        for (var p = PathLength - 1; p >= 0; p--)
        {
            if (ValueAt(a, p) is not null) return p + 1;
        }
        return 0;
    }

    /// <summary>Where labels left of a mapped domain go: after the prefix, but never into C, ADMD or PRMD.</summary>
    public static int FirstFreePosition(OrAddress prefix) => Math.Max(Depth(prefix), OrganizationPosition);

    /// <summary>
    /// True when <paramref name="address"/> agrees with <paramref name="prefix"/> on every position the prefix fixes,
    /// absent ones included. Values compare case-insensitively, as X.400 compares PrintableString attributes.
    /// </summary>
    public static bool Matches(OrAddress prefix, OrAddress address)
    {
        var depth = Depth(prefix);
        for (var p = 0; p < depth; p++)
        {
            if (!SameValue(ValueAt(prefix, p), ValueAt(address, p))) return false;
        }
        return true;
    }

    /// <summary>The prefix with <paramref name="values"/> at the free positions, in order; null when one is not a valid value there.</summary>
    public static OrAddress? Extend(OrAddress prefix, IReadOnlyList<string> values, out string? error)
    {
        error = null;
        var first = FirstFreePosition(prefix);
        if (first + values.Count > PathLength)
        {
            var free = PathLength - first;
            error = free == 0
                ? $"{prefix} leaves no O or OU attribute free"
                : $"{prefix} leaves only {free} attribute{(free == 1 ? "" : "s")} free ({string.Join(", ", Enumerable.Range(first, free).Select(NameOf))})";
            return null;
        }
        var organization = prefix.Organization;
        var units = prefix.OrganizationalUnits.ToList();
        for (var i = 0; i < values.Count; i++)
        {
            var position = first + i;
            var name = NameOf(position);
            error = position == OrganizationPosition
                ? X411.CheckPrintable(name, values[i], 1, X411.UbOrganizationNameLength)
                : X411.CheckPrintable(name, values[i], 1, X411.UbOrganizationalUnitNameLength);
            if (error is not null)
            {
                error = $"'{values[i]}' cannot be {name}: {error}";
                return null;
            }
            if (position == OrganizationPosition) organization = values[i];
            else units.Add(values[i]);
        }
        return prefix with { Organization = organization, OrganizationalUnits = units };
    }

    /// <summary>
    /// The hierarchical values of <paramref name="address"/> below <paramref name="prefix"/>, in path order, when they
    /// fill the free positions without a gap; null when there is an attribute below the prefix that labels cannot stand for.
    /// </summary>
    public static List<string>? Below(OrAddress prefix, OrAddress address)
    {
        var first = FirstFreePosition(prefix);
        var values = new List<string>();
        for (var p = Depth(prefix); p < PathLength; p++)
        {
            var value = ValueAt(address, p);
            if (value is null) continue;
            // A PRMD under a prefix without one, or an OU under a missing O, has no label to stand for it.
            if (p != first + values.Count) return null;
            values.Add(value);
        }
        return values;
    }

    /// <summary>The keywords of everything in the address that is not on the hierarchical path.</summary>
    public static IReadOnlyList<string> NonHierarchicalAttributes(OrAddress a)
    {
        var found = new List<string>();
        if (a.GivenName is not null) found.Add("G");
        if (a.Initials is not null) found.Add("I");
        if (a.Surname is not null) found.Add("S");
        if (a.GenerationQualifier is not null) found.Add("GQ");
        if (a.CommonName is not null) found.Add("CN");
        found.AddRange(a.DomainDefinedAttributes.Select(d => "DD." + d.Type));
        return found;
    }

    /// <summary>Equality of whole addresses with attribute values (and DD types) compared case-insensitively.</summary>
    public static bool SameIgnoringCase(OrAddress a, OrAddress b) =>
        SameValue(a.Country, b.Country)
        && SameValue(a.AdministrationDomain, b.AdministrationDomain)
        && SameValue(a.PrivateDomain, b.PrivateDomain)
        && SameValue(a.Organization, b.Organization)
        && a.OrganizationalUnits.SequenceEqual(b.OrganizationalUnits, StringComparer.OrdinalIgnoreCase)
        && SameValue(a.GivenName, b.GivenName)
        && SameValue(a.Initials, b.Initials)
        && SameValue(a.Surname, b.Surname)
        && SameValue(a.GenerationQualifier, b.GenerationQualifier)
        && SameValue(a.CommonName, b.CommonName)
        && a.DomainDefinedAttributes.Count == b.DomainDefinedAttributes.Count
        && a.DomainDefinedAttributes.Zip(b.DomainDefinedAttributes).All(p => SameValue(p.First.Type, p.Second.Type) && SameValue(p.First.Value, p.Second.Value));

    private static bool SameValue(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
