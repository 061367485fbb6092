namespace Gateway.X400;

/// <summary>A built-in domain-defined attribute (X.411 BuiltInDomainDefinedAttribute), e.g. type <c>RFC-822</c>.</summary>
public sealed record DomainDefinedAttribute(string Type, string Value);
