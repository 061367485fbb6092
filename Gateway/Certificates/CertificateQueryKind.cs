namespace Gateway.Certificates;

/// <summary>The keys a certificate is looked up by (RFC 3854 §4.2 retrieval; the key-hash lookup of the handshake design).</summary>
public enum CertificateQueryKind
{
    /// <summary>A CMS SignerIdentifier or RecipientIdentifier of the issuerAndSerialNumber form.</summary>
    IssuerAndSerial,

    /// <summary>A CMS identifier of the subjectKeyIdentifier form: the hash of the public key.</summary>
    KeyIdentifier,

    /// <summary>An RFC 822 mailbox in the subjectAltName (rfc822Name) or, failing that, the subject's emailAddress.</summary>
    Email,

    /// <summary>An O/R address in the subjectAltName's x400Address.</summary>
    OrAddress,

    /// <summary>The subject name: issuer certificates for building a path.</summary>
    Subject,
}
