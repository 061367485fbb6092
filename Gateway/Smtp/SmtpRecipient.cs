namespace Gateway.Smtp;

/// <summary>
/// A forward-path with its RFC 3461 parameters: NOTIFY, and ORCPT as address type and (xtext-decoded) address.
/// </summary>
public sealed record SmtpRecipient(string Address, DsnNotify Notify = DsnNotify.Unspecified, string? OriginalRecipientType = null,
    string? OriginalRecipient = null);
