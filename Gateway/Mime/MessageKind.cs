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

    /// <summary><c>application/x400-content; content-type=…</c> (RFC 3854 section 3.5).</summary>
    X400Content,
}
