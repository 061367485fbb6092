namespace Gateway.Configuration;

/// <summary>The <c>Gateway:EmailAuth</c> section: SPF, DKIM and DMARC for mail from outside the trusted networks.</summary>
public sealed class EmailAuthOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The authserv-id of Authentication-Results (RFC 8601); default <c>Gateway:Smtp:Hostname</c>.</summary>
    public string? AuthServId { get; set; }

    /// <summary>Resolvers as <c>ip</c> or <c>ip:port</c>; empty: the system's (/etc/resolv.conf).</summary>
    public string[] DnsServers { get; set; } = [];

    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public int DnsRetries { get; set; } = 2;

    /// <summary>The Public Suffix List file (Debian's publicsuffix package); without it the organisational domain is the last two labels.</summary>
    public string PublicSuffixList { get; set; } = Gateway.EmailAuth.PublicSuffixList.DebianPath;

    /// <summary><c>Enforce</c>: p=reject is refused 550 5.7.1 and a DNS failure deferred 451 4.7.0; <c>Monitor</c>: results are recorded only.</summary>
    public string Dmarc { get; set; } = "Enforce";

    /// <summary>p=quarantine for X.400 recipients (an X.400 domain has no junk folder): <c>Refuse</c> (550 5.7.1) or <c>Relay</c>.</summary>
    public string QuarantineToX400 { get; set; } = "Refuse";

    public DkimSigningOptions Signing { get; set; } = new();

    /// <summary>Mail each day's aggregate reports to the rua addresses of the policy (same organisational domain only).</summary>
    public bool MailAggregateReports { get; set; }
}
