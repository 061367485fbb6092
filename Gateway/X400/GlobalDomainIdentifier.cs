namespace Gateway.X400;

/// <summary>X.411 GlobalDomainIdentifier: the management domain (C, ADMD and optionally PRMD) that names an MTS identifier or a trace entry.</summary>
public sealed record GlobalDomainIdentifier(string Country, string AdministrationDomain, string? PrivateDomain = null);
