namespace Gateway.X400;

/// <summary>X.411 MTSIdentifier (message, probe or report identifier): a domain and an IA5String local identifier of 1..32 characters.</summary>
public sealed record MtsIdentifier(GlobalDomainIdentifier Domain, string LocalIdentifier)
{
    /// <summary>RFC 2156's form (as in the X400-MTS-Identifier header): <c>[global-domain-identifier;local-identifier]</c>.</summary>
    public override string ToString() =>
        $"[{new OrAddress { Country = Domain.Country, AdministrationDomain = Domain.AdministrationDomain, PrivateDomain = Domain.PrivateDomain }};{LocalIdentifier}]";
}
