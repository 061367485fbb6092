using System.Net;

namespace Gateway.Smtp.Server;

/// <summary>What one SMTP session needs to know, resolved once from configuration.</summary>
public sealed record SmtpServerOptions(
    string Hostname,
    long MaxMessageSize,
    int MaxRecipients,
    int MaxCommandLineLength,
    int MaxConnections,
    int MaxErrors,
    TimeSpan CommandTimeout,
    TimeSpan DataTimeout,
    string TemporaryDirectory)
{
    /// <summary>Longest text line in message data, CRLF included (RFC 5321 §4.5.3.1.6: 1000).</summary>
    public int MaxTextLineLength { get; init; } = 1000;

    /// <summary>Largest header section of a message, in octets.</summary>
    public int MaxHeaderSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// A message up to this many octets is received into pooled memory; a larger one goes on to a nameless file in
    /// <see cref="TemporaryDirectory"/>. 0: every message to a file.
    /// </summary>
    public int MaxInMemoryMessageSize { get; init; } = 128 * 1024;

    /// <summary>Simultaneous connections from one client address (trusted networks are exempt).</summary>
    public int MaxConnectionsPerClient { get; init; } = 50;

    /// <summary>Clients that may use XFORWARD and are exempt from the per-client limit.</summary>
    public IReadOnlyList<IPNetwork> TrustedNetworks { get; init; } = [];

    /// <summary>When set, MAIL and everything after it need TLS first (530 5.7.0).</summary>
    public bool RequireTls { get; init; }

    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The accounts for SMTP AUTH; null means AUTH is not offered at all.</summary>
    public Gateway.Smtp.Auth.SmtpUsers? Users { get; init; }

    /// <summary>Failed AUTH attempts a session may make before it is closed (421 4.7.0).</summary>
    public int MaxAuthFailures { get; init; } = 3;

    /// <summary>How long the answer to a failed AUTH waits, so that guessing passwords is slow.</summary>
    public TimeSpan AuthFailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsTrusted(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return TrustedNetworks.Any(n => n.Contains(address));
    }
}
