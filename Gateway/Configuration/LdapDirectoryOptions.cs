namespace Gateway.Configuration;

/// <summary>
/// The <c>Gateway:Certificates:Ldap</c> section: a directory server asked for certificates and CRLs after the local
/// store. No <see cref="Url"/>, no LDAP.
/// </summary>
public sealed class LdapDirectoryOptions
{
    /// <summary><c>ldap://host[:port]</c> (default port 389).</summary>
    public string? Url { get; set; }

    /// <summary>Where searches start (subtree), e.g. <c>ou=pki,dc=example,dc=org</c>.</summary>
    public string? BaseDn { get; set; }

    /// <summary>The DN to bind as; none means an anonymous bind.</summary>
    public string? BindDn { get; set; }

    /// <summary>A file whose first line is the bind password (never in configuration, never logged).</summary>
    public string? BindPasswordFile { get; set; }

    /// <summary>How long one search may take, connecting included, before the directory counts as unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public LdapFilterOptions Filters { get; set; } = new();
}
