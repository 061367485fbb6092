namespace Gateway.X400;

/// <summary>X.411 MTSIdentifier (message, probe or report identifier): a domain and an IA5String local identifier of 1..32 characters.</summary>
public sealed record MtsIdentifier(GlobalDomainIdentifier Domain, string LocalIdentifier);
