namespace Gateway.Configuration;

/// <summary><c>Gateway:X400</c>: which recipients are X.400 recipients, and the gateway's own X.400 identity.</summary>
public sealed class X400Options
{
    /// <summary>RFC 822 domains whose recipients are X.400 recipients. Empty means the default, <c>x400.example</c>.</summary>
    public string[] LocalDomains { get; set; } = [];

    /// <summary>
    /// The gateway's own O/R address (RFC 2156 std-or-address). It is the prefix for mapped X.400 recipients,
    /// the originator address for SMTP senders (with an RFC-822 domain-defined attribute), and it names the
    /// gateway's management domain in message identifiers and trace.
    /// </summary>
    public string GatewayAddress { get; set; } = "/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/";

    /// <summary>How often the file drop's <c>in/</c> directory is scanned for new messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    internal static readonly string[] DefaultLocalDomains = ["x400.example"];
}
