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
    string TemporaryDirectory);
