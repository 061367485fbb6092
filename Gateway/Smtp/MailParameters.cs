namespace Gateway.Smtp;

/// <summary>
/// The MAIL FROM parameters that travel with a message: BODY, SMTPUTF8, RFC 3461 RET and ENVID, and the RFC 6710
/// MT-PRIORITY (-9..9) as the client sent it; whether it is honoured is the relay's decision, not the parser's.
/// </summary>
public sealed record MailParameters(BodyType Body = BodyType.Unspecified, bool SmtpUtf8 = false, DsnReturn Return = DsnReturn.Unspecified,
    string? EnvelopeId = null, long? DeclaredSize = null, int? TransferPriority = null)
{
    public static readonly MailParameters None = new();
}
