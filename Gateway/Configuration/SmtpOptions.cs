namespace Gateway.Configuration;

/// <summary><c>Gateway:Smtp</c>: the SMTP listener, its limits, and the SMTP next hop.</summary>
public sealed class SmtpOptions
{
    /// <summary>Where the SMTP listener binds (the MTA delivers here).</summary>
    public string Listen { get; set; } = "127.0.0.1:2525";

    /// <summary>The SMTP next hop for SMTP recipients and for mail coming from X.400 (Postfix's reinjection port).</summary>
    public string NextHop { get; set; } = "127.0.0.1:10026";

    /// <summary>
    /// The name in the greeting, EHLO and Received lines. It must differ from the upstream MTA's own name,
    /// or Postfix sees a mail loop.
    /// </summary>
    public string Hostname { get; set; } = "cms-x400-gateway.localdomain";

    /// <summary>Clients allowed to relay to non-X.400 recipients (CIDR). Empty means the default, loopback only.</summary>
    public string[] TrustedNetworks { get; set; } = [];

    /// <summary>The largest message accepted, in bytes, as advertised by SIZE and enforced during DATA.</summary>
    public long MaxMessageSize { get; set; } = 50 * 1024 * 1024;

    /// <summary>Recipients per transaction; more get 452 4.5.3 and the client sends them in another transaction.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>Longest command line, CRLF included. RFC 5321 asks for 512; extensions make lines longer.</summary>
    public int MaxCommandLineLength { get; set; } = 2048;

    /// <summary>Simultaneous SMTP connections; more are answered 421 4.7.0 and closed.</summary>
    public int MaxConnections { get; set; } = 100;

    /// <summary>Simultaneous connections from one client address; trusted networks are exempt (Postfix does the same).</summary>
    public int MaxConnectionsPerClient { get; set; } = 50;

    /// <summary>Longest text line in message data, CRLF included (RFC 5321 §4.5.3.1.6 says 1000).</summary>
    public int MaxTextLineLength { get; set; } = 1000;

    /// <summary>Largest header section of a message, in octets.</summary>
    public int MaxHeaderSize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Messages up to this size are received into pooled memory, larger ones into a nameless temporary file; at most
    /// <see cref="MaxConnections"/> times this much is held at once. 0 sends every message to a file.
    /// </summary>
    public int MaxInMemoryMessageSize { get; set; } = 128 * 1024;

    /// <summary>Protocol errors a client may make before it is disconnected (421 4.7.0).</summary>
    public int MaxErrors { get; set; } = 20;

    /// <summary>
    /// Towards the next hop, send CMS content from X.400 as binary (BDAT, BODY=BINARYMIME) instead of base64; a next hop
    /// without BINARYMIME still gets base64.
    /// </summary>
    public bool PreferBinary { get; set; }

    /// <summary><c>Gateway:Smtp:Tls</c>: STARTTLS, the implicit-TLS listener and the certificate.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary><c>Gateway:Smtp:Auth</c>: SMTP AUTH after STARTTLS, for clients outside the trusted networks.</summary>
    public SmtpAuthOptions Auth { get; set; } = new();

    /// <summary>How long the server waits for a command line.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the server waits for more message data during DATA.</summary>
    public TimeSpan DataTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one delivery attempt to the next hop may take before the client is told to retry (451).</summary>
    public TimeSpan NextHopTimeout { get; set; } = TimeSpan.FromMinutes(2);

    internal static readonly string[] DefaultTrustedNetworks = ["127.0.0.0/8", "::1/128"];
}
