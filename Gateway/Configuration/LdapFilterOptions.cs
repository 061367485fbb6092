namespace Gateway.Configuration;

/// <summary>
/// Search filter templates (RFC 4515), one per kind of lookup. <c>{0}</c> is replaced by the value looked for, escaped
/// (for IssuerAndSerial <c>{0}</c> is the issuer DN and <c>{1}</c> the decimal serial number). Every answer is narrowed
/// to the exact certificate afterwards, so a broad filter is correct, only slower: the defaults for the keys that
/// standard schemas have no attribute for (key identifier, issuer and serial, CA subject) scan the entries under the
/// base DN that hold certificates. A directory with an indexed attribute for them should name it here.
/// </summary>
public sealed class LdapFilterOptions
{
    /// <summary>RFC 822 mailbox: inetOrgPerson's <c>mail</c>.</summary>
    public string Email { get; set; } = "(mail={0})";

    /// <summary>O/R address in its text form (/G=…/S=…/O=…/ADMD=…/C=…/): cosine's <c>textEncodedORAddress</c> (RFC 1274).</summary>
    public string OrAddress { get; set; } = "(textEncodedORAddress={0})";

    public string KeyIdentifier { get; set; } = "(|(userCertificate=*)(cACertificate=*))";

    public string IssuerAndSerial { get; set; } = "(|(userCertificate=*)(cACertificate=*))";

    /// <summary>Issuer certificates for path building: entries holding a CA certificate.</summary>
    public string Subject { get; set; } = "(cACertificate=*)";

    /// <summary>CRLs of an issuer (<c>{0}</c> its DN): entries holding a certificateRevocationList.</summary>
    public string Crl { get; set; } = "(certificateRevocationList=*)";
}
