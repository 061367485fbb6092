namespace Gateway.Smtp.Server;

/// <summary>
/// One received message: the envelope and the content as received (dot-unstuffed, CRLF line ends),
/// in a seekable temporary file that is gone when <see cref="Content"/> is disposed.
/// </summary>
public sealed record SmtpTransaction(
    string Id,
    SmtpSessionInfo Session,
    string ReversePath,
    IReadOnlyList<string> Recipients,
    Stream Content,
    long Size,
    DateTimeOffset ReceivedAt);
