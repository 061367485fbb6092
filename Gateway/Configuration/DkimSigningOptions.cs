namespace Gateway.Configuration;

/// <summary>The <c>Gateway:EmailAuth:Signing</c> section: DKIM for the mail the gateway generates. No Domain, no signing.</summary>
public sealed class DkimSigningOptions
{
    /// <summary>d=: the domain whose DNS publishes the key (<c>selector._domainkey.domain</c>); align it with the From domain of X.400 mail.</summary>
    public string? Domain { get; set; }

    /// <summary>s=.</summary>
    public string? Selector { get; set; }

    /// <summary>The RSA private key, PEM (PKCS#1 or PKCS#8), readable by the gateway only.</summary>
    public string? KeyFile { get; set; }
}
