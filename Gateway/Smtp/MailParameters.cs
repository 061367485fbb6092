namespace Gateway.Smtp;

/// <summary>The MAIL FROM parameters that travel with a message: BODY, SMTPUTF8, and RFC 3461 RET and ENVID.</summary>
public sealed record MailParameters(BodyType Body = BodyType.Unspecified, bool SmtpUtf8 = false, DsnReturn Return = DsnReturn.Unspecified,
    string? EnvelopeId = null, long? DeclaredSize = null)
{
    public static readonly MailParameters None = new();
}
