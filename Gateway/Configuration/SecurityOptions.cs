namespace Gateway.Configuration;

/// <summary>
/// <c>Gateway:Security</c>: the CMS security services (RFC 3854 §2–§4) — whom to trust, what to do with a bad
/// signature or an originator that does not match its certificate, the gateway's own keys, and the policy per route.
/// Policy names are strings so that a misspelling reaches the validator, which names the key.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>
    /// Trust anchors: PEM or DER certificate files, or directories of them (<c>*.pem</c>, <c>*.crt</c>, <c>*.cer</c>,
    /// <c>*.der</c>); CRLs (<c>*.crl</c>) found there are used for revocation. None: signatures are at best <c>untrusted</c>.
    /// </summary>
    public string[] TrustAnchors { get; set; } = [];

    /// <summary><c>Reject</c> (default: 554 5.7.5) or <c>Flag</c> (relay, with the result in the audit record and trace header).</summary>
    public string InvalidSignature { get; set; } = PolicyNames.Reject;

    /// <summary><c>Flag</c> (default) or <c>Reject</c> (554 5.7.1) when the signer's x400Address is not the IPM originator (§4.3).</summary>
    public string OriginatorMismatch { get; set; } = PolicyNames.Flag;

    /// <summary>The gateway's own signing identity, for routes with <c>Sign</c> or <c>TripleWrap</c>.</summary>
    public CmsIdentityOptions? Identity { get; set; }

    /// <summary>Identities whose mail the gateway may decrypt, for routes with <c>Decrypt</c>.</summary>
    public CmsIdentityOptions[] DecryptionIdentities { get; set; } = [];

    /// <summary>
    /// Further certificates for <c>Encrypt</c>, read once at start: files or directories (asked after the store,
    /// <c>Gateway:Certificates:Store</c>, and before the LDAP directory).
    /// </summary>
    public string[] RecipientCertificates { get; set; } = [];

    /// <summary>Policy per route; the most specific match wins, and a message no route matches is verified only.</summary>
    public SecurityRouteOptions[] Routes { get; set; } = [];
}
