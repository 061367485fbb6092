namespace Gateway.Smtp;

/// <summary>
/// What a trusted upstream MTA told the gateway with XFORWARD about the original client (Postfix XFORWARD_README):
/// NAME, ADDR, PORT, PROTO, HELO, IDENT, SOURCE. Null where not given or given as [UNAVAILABLE].
/// </summary>
public sealed record XForwardAttributes(string? Name = null, string? Address = null, string? Port = null, string? Protocol = null,
    string? Helo = null, string? Ident = null, string? Source = null)
{
    public static readonly XForwardAttributes None = new();

    public bool IsEmpty => this == None;
}
