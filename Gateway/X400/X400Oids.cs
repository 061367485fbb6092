namespace Gateway.X400;

/// <summary>Object identifiers of RFC 3855 and X.400 that the gateway puts on the P1 envelope.</summary>
public static class X400Oids
{
    /// <summary>id-ct-contentInfo: the P1 content type of a bare CMS object (RFC 3855 §2.2).</summary>
    public const string ContentInfo = "1.2.840.113549.1.9.16.1.6";

    /// <summary>id-data: the P1 content type of a MIME-wrapped CMS object or plain MIME (RFC 3855 §2.2).</summary>
    public const string Data = "1.2.840.113549.1.7.1";

    /// <summary>id-eit-envelopedX400 (RFC 3855 §2.5).</summary>
    public const string EitEnvelopedX400 = "1.2.840.113549.1.9.16.10.5";

    /// <summary>id-eit-signedX400 (RFC 3855 §2.5).</summary>
    public const string EitSignedX400 = "1.2.840.113549.1.9.16.10.6";

    /// <summary>id-mct-p22: IPM 1988 as an extended content type.</summary>
    public const string InterpersonalMessaging1988 = "2.6.1.10.1";
}
