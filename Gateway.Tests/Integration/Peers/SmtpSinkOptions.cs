namespace Gateway.Tests.Integration.Peers;

/// <summary>How an <see cref="SmtpSink"/> answers.</summary>
public sealed record SmtpSinkOptions
{
    /// <summary>
    /// The SMTP command to refuse, as smtp-sink names them: "." is the end of DATA, else CONNECT, HELO,
    /// EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, VRFY. Null accepts everything.
    /// </summary>
    public string? RejectCommand { get; init; }

    /// <summary>
    /// The whole reply line for <see cref="RejectCommand"/>, e.g. "451 4.3.0 Try again later". A 4xx
    /// reply uses smtp-sink's -r/-b, a 5xx one -f/-B.
    /// </summary>
    public string? RejectReply { get; init; }

    /// <summary>Greeting and EHLO name (-h); smtp-sink's default is "smtp-sink".</summary>
    public string? Hostname { get; init; }

    /// <summary>Seconds smtp-sink waits before answering DATA (-w): a slow next hop.</summary>
    public int? DataDelaySeconds { get; init; }

    /// <summary>
    /// Keeps nothing and counts the messages (-c instead of -d): a next hop that costs the machine as little as it can,
    /// for measuring what sends to it.
    /// </summary>
    public bool CountOnly { get; init; }
}
