namespace Gateway.Cms;

/// <summary>An AlgorithmIdentifier's OID and, when the gateway knows it, the name the defining RFC gives it.</summary>
public sealed record CmsAlgorithm(string Oid, string? Name)
{
    /// <summary>The name when known, else the dotted OID: what an operator reads in a log line.</summary>
    public string Display => Name ?? Oid;

    public static CmsAlgorithm FromOid(string oid) => new(oid, CmsOidNames.NameOf(oid));

    public override string ToString() => Name is null ? Oid : $"{Name} ({Oid})";
}
