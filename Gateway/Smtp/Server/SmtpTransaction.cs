namespace Gateway.Smtp.Server;

/// <summary>
/// One received message: the envelope with its ESMTP parameters, what a trusted upstream said about the original
/// client (XFORWARD), and the content as received (dot-unstuffed for DATA, as sent for BDAT): <see cref="Content"/>
/// reads the message's spool (pooled memory, or a nameless temporary file for a large message), and is good until the
/// handler returns (the session then gives the spool back for another message); and its SHA-256 (taken as it was spooled).
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
