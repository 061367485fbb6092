namespace Gateway.Configuration;

/// <summary>The <c>Gateway:Certificates</c> section: where correspondents' certificates are kept and found.</summary>
public sealed class CertificatesOptions
{
    /// <summary>
    /// The local certificate store: a directory of PEM/DER certificates and CRLs, asked before any directory server, and
    /// where harvested and imported certificates are written. Relative to the working directory; default
    /// <c>&lt;DataDirectory&gt;/certificates</c>.
    /// </summary>
    public string? Store { get; set; }

    /// <summary>Keep certificates from SignedData that verified to a trust anchor in the store (RFC 3854 §4.2: SHOULD store).</summary>
    public bool Harvest { get; set; } = true;

    /// <summary>The cache in front of the LDAP directory.</summary>
    public CertificateCacheOptions Cache { get; set; } = new();

    public LdapDirectoryOptions Ldap { get; set; } = new();

    /// <summary>How soon an issuer with no CRL published, or an overdue one, is asked again (a CRL is otherwise fetched again at its nextUpdate).</summary>
    public TimeSpan CrlRecheck { get; set; } = TimeSpan.FromMinutes(5);

    public string StoreFullPath(string dataDirectory) => Path.GetFullPath(Store ?? Path.Combine(dataDirectory, "certificates"));
}
