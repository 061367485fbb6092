namespace Gateway.Configuration;

/// <summary><c>Gateway:X400</c>: which recipients are X.400 recipients, how addresses map, and the gateway's own X.400 identity.</summary>
public sealed class X400Options
{
    /// <summary>
    /// The gateway's own RFC 822 domains: their recipients are X.400 recipients under <see cref="GatewayAddress"/>
    /// (<c>given.surname@</c>, or a std-or-address as the local part). The first is the domain written for X.400 addresses
    /// that have no other mapping. Empty means the default, <c>x400.example</c>.
    /// </summary>
    public string[] LocalDomains { get; set; } = [];

    /// <summary>
    /// The MIXER mapping table (RFC 2156 MCGAM): RFC 822 domains and the O/R prefixes that stand for each other, both ways.
    /// <c>john.smith@sales.acme.co.uk</c> ⇄ <c>/G=john/S=smith/OU1=sales/O=Acme/PRMD=Acme/ADMD= /C=GB/</c> for the entry
    /// <c>{ "Domain": "acme.co.uk", "OrPrefix": "/O=Acme/PRMD=Acme/ADMD= /C=GB/" }</c>. The longest matching domain (or
    /// prefix) wins. Addresses no entry maps travel in an RFC-822 domain-defined attribute or as a std-or-address local part.
    /// </summary>
    public X400MappingOptions[] Mappings { get; set; } = [];

    /// <summary>
    /// The gateway's own O/R address (RFC 2156 std-or-address; only C, ADMD, PRMD, O and OUs). It is the prefix for X.400
    /// recipients at <see cref="LocalDomains"/>, the originator address for SMTP senders that no mapping covers (with an
    /// RFC-822 domain-defined attribute), and it names the gateway's management domain in message identifiers and trace.
    /// </summary>
    public string GatewayAddress { get; set; } = "/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/";

    /// <summary>
    /// The X.400 file drop (<c>out/</c>, <c>in/</c>, <c>work/</c>, <c>failed/</c>, <c>tmp/</c>); null means
    /// <c>&lt;DataDirectory&gt;/x400</c>. Several gateways may share one drop, each with its own DataDirectory (audit log,
    /// spool and DMARC store are per instance); it must be on one file system, as files enter it by rename.
    /// </summary>
    public string? DropDirectory { get; set; }

    /// <summary>How often the file drop's <c>in/</c> directory is scanned for new messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the X.400 side returns delivery reports. When it does not, the gateway answers NOTIFY=SUCCESS itself with a
    /// "relayed" DSN once the message is handed to X.400 (RFC 3461 §6.2.1).
    /// </summary>
    public bool ReportsDelivery { get; set; } = true;

    internal static readonly string[] DefaultLocalDomains = ["x400.example"];
}
