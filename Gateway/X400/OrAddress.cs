using System.Diagnostics.CodeAnalysis;

namespace Gateway.X400;

/// <summary>
/// An X.411 mnemonic O/R address: the built-in standard attributes the gateway supports, the common-name
/// extension attribute and the built-in domain-defined attributes. Values are PrintableString text.
/// </summary>
public sealed record OrAddress
{
    private readonly IReadOnlyList<string> _organizationalUnits = [];
    private readonly IReadOnlyList<DomainDefinedAttribute> _domainDefinedAttributes = [];

    public string? Country { get; init; }

    /// <summary>ADMD. A single space is the common "blank ADMD" (<c>ADMD= </c>); X.411 also allows the empty string.</summary>
    public string? AdministrationDomain { get; init; }

    /// <summary>PRMD.</summary>
    public string? PrivateDomain { get; init; }

    public string? Organization { get; init; }

    /// <summary>OU1..OU4, most significant (OU1) first.</summary>
    public IReadOnlyList<string> OrganizationalUnits
    {
        get => _organizationalUnits;
        // Copied so that a caller's later change to its list cannot change an address already in use.
        init => _organizationalUnits = value is null ? [] : [.. value];
    }

    public string? Surname { get; init; }

    public string? GivenName { get; init; }

    public string? Initials { get; init; }

    public string? GenerationQualifier { get; init; }

    /// <summary>The common-name extension attribute (type 1), PrintableString.</summary>
    public string? CommonName { get; init; }

    public IReadOnlyList<DomainDefinedAttribute> DomainDefinedAttributes
    {
        get => _domainDefinedAttributes;
        init => _domainDefinedAttributes = value is null ? [] : [.. value];
    }

    /// <summary>
    /// Checks the X.411 character repertoire and upper bounds; <paramref name="error"/> names the attribute
    /// (by its RFC 2156 keyword) and the problem.
    /// </summary>
    public bool TryValidate([NotNullWhen(false)] out string? error)
    {
        error = Country is null ? null : X411.CheckCountry("C", Country);
        error ??= AdministrationDomain is null ? null : X411.CheckPrintable("ADMD", AdministrationDomain, 0, X411.UbDomainNameLength);
        error ??= PrivateDomain is null ? null : X411.CheckPrintable("PRMD", PrivateDomain, 1, X411.UbDomainNameLength);
        error ??= Organization is null ? null : X411.CheckPrintable("O", Organization, 1, X411.UbOrganizationNameLength);
        if (error is null && OrganizationalUnits.Count > X411.UbOrganizationalUnits)
        {
            error = $"OU has {OrganizationalUnits.Count} organizational units; X.411 allows at most {X411.UbOrganizationalUnits}";
        }
        for (var i = 0; error is null && i < OrganizationalUnits.Count; i++)
        {
            error = OrganizationalUnits[i] is { } ou
                ? X411.CheckPrintable($"OU{i + 1}", ou, 1, X411.UbOrganizationalUnitNameLength)
                : $"OU{i + 1} is null";
        }
        error ??= Surname is null ? null : X411.CheckPrintable("S", Surname, 1, X411.UbSurnameLength);
        error ??= GivenName is null ? null : X411.CheckPrintable("G", GivenName, 1, X411.UbGivenNameLength);
        error ??= Initials is null ? null : X411.CheckPrintable("I", Initials, 1, X411.UbInitialsLength);
        error ??= GenerationQualifier is null ? null : X411.CheckPrintable("GQ", GenerationQualifier, 1, X411.UbGenerationQualifierLength);
        if (error is null && Surname is null && (GivenName ?? Initials ?? GenerationQualifier) is not null)
        {
            // PersonalName ::= SET { surname [0] ... } has no OPTIONAL on surname.
            var given = GivenName is not null ? "G" : Initials is not null ? "I" : "GQ";
            error = $"{given} is set but S is missing; an X.411 personal-name requires a surname";
        }
        error ??= CommonName is null ? null : X411.CheckPrintable("CN", CommonName, 1, X411.UbCommonNameLength);
        if (error is null && DomainDefinedAttributes.Count > X411.UbDomainDefinedAttributes)
        {
            error = $"DD has {DomainDefinedAttributes.Count} domain-defined attributes; X.411 allows at most {X411.UbDomainDefinedAttributes}";
        }
        foreach (var dda in DomainDefinedAttributes)
        {
            if (error is not null) break;
            if (dda?.Type is null || dda.Value is null)
            {
                error = "DD has a null domain-defined attribute, type or value";
                break;
            }
            error = X411.CheckPrintable("DD type", dda.Type, 1, X411.UbDomainDefinedAttributeTypeLength)
                ?? X411.CheckPrintable($"DD.{dda.Type}", dda.Value, 1, X411.UbDomainDefinedAttributeValueLength);
        }
        return error is null;
    }

    /// <summary>The RFC 2156 std-or-address form, least significant attribute first and C last, e.g. <c>/G=John/S=Smith/O=Acme/ADMD= /C=GB/</c>.</summary>
    public override string ToString() => OrAddressSyntax.FormatStdOrAddress(this);

    /// <summary>The RFC 1685 form, most significant first: <c>C=GB;A= ;P=Isode;O=Isode;S=Kille;G=Steve</c>.</summary>
    public string ToRfc1685String() => OrAddressSyntax.FormatRfc1685(this);

    /// <summary>Parses the RFC 2156 std-or-address form (starts with "/") or the RFC 1685 ";" form.</summary>
    /// <exception cref="FormatException">The text is not a valid O/R address; the message says why.</exception>
    public static OrAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException($"Invalid O/R address '{text}': {error}");

    /// <summary>Parses and validates; <paramref name="error"/> names the attribute and the problem when it fails.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out OrAddress? address, [NotNullWhen(false)] out string? error) =>
        OrAddressSyntax.TryParse(text, out address, out error);

    public bool Equals(OrAddress? other) =>
        other is not null
        && Country == other.Country
        && AdministrationDomain == other.AdministrationDomain
        && PrivateDomain == other.PrivateDomain
        && Organization == other.Organization
        && ValueEquality.Sequence(OrganizationalUnits, other.OrganizationalUnits)
        && Surname == other.Surname
        && GivenName == other.GivenName
        && Initials == other.Initials
        && GenerationQualifier == other.GenerationQualifier
        && CommonName == other.CommonName
        && ValueEquality.Sequence(DomainDefinedAttributes, other.DomainDefinedAttributes);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Country);
        hash.Add(AdministrationDomain);
        hash.Add(PrivateDomain);
        hash.Add(Organization);
        hash.Add(ValueEquality.SequenceHash(OrganizationalUnits));
        hash.Add(Surname);
        hash.Add(GivenName);
        hash.Add(Initials);
        hash.Add(GenerationQualifier);
        hash.Add(CommonName);
        hash.Add(ValueEquality.SequenceHash(DomainDefinedAttributes));
        return hash.ToHashCode();
    }
}
