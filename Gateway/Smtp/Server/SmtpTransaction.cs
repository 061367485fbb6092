namespace Gateway.Smtp.Server;

/// <summary>
/// One received message: the envelope with its ESMTP parameters, what a trusted upstream said about the original
/// client (XFORWARD), and the content as received (dot-unstuffed for DATA, as sent for BDAT): <see cref="Content"/>
/// reads the session's spool file, a nameless temporary file, and is good until the handler returns (the session
/// empties the file for its next message); and its SHA-256 (taken as it was spooled).
/// </summary>
public sealed record SmtpTransaction(
    string Id,
    SmtpSessionInfo Session,
    string ReversePath,
    IReadOnlyList<SmtpRecipient> Recipients,
    Stream Content,
    long Size,
    byte[] ContentSha256,
    DateTimeOffset ReceivedAt)
{
    public MailParameters Parameters { get; init; } = MailParameters.None;

    public XForwardAttributes Forward { get; init; } = XForwardAttributes.None;
}
