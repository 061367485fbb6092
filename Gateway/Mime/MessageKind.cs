namespace Gateway.Mime;

/// <summary>What a message's top-level body is, in the terms of RFC 3854.</summary>
public enum MessageKind
{
    /// <summary>Ordinary MIME: the gateway passes it on and never converts it.</summary>
    Mime,

    /// <summary><c>application/pkcs7-mime; smime-type=signed-x400</c> (RFC 3854 §3.2.1).</summary>
    SignedX400,

    /// <summary><c>application/pkcs7-mime; smime-type=enveloped-x400</c> (RFC 3854 §3.3.1).</summary>
    EnvelopedX400,

    /// <summary><c>application/x400-content; content-type=…</c> (RFC 3854 §3.5).</summary>
    X400Content,

    /// <summary>
    /// A CMS object with no smime-type to say what it is: <c>application/pkcs7-mime</c> without the parameter, or
    /// <c>application/octet-stream</c> named <c>*.p7m</c> as S/MIME-unaware gateways leave it (RFC 3851 §3.2.1).
    /// The CMS structure decides; this kind never reaches the audit log.
    /// </summary>
    UnlabelledCms,
}
