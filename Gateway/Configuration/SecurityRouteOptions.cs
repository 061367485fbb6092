namespace Gateway.Configuration;

/// <summary>
/// One entry of <c>Gateway:Security:Routes</c>: which mail it covers (<c>Match</c>: a domain, which covers its
/// subdomains, or an O/R prefix in std-or-address form; <c>Direction</c>) and what the gateway does to it.
/// </summary>
public sealed class SecurityRouteOptions
{
    /// <summary>The recipient's domain (<c>acme.co.uk</c>) or O/R prefix (<c>/O=Acme/PRMD=Acme/ADMD= /C=GB/</c>).</summary>
    public string Match { get; set; } = "";

    /// <summary><c>ToX400</c>, <c>ToSmtp</c> or <c>Both</c> (default).</summary>
    public string Direction { get; set; } = PolicyNames.Both;

    /// <summary>Verify signatures (default on).</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Sign plain x400-content with the gateway's identity into signed-x400 (to X.400).</summary>
    public bool Sign { get; set; }

    /// <summary>Envelope the content for the recipients' certificates (to X.400).</summary>
    public bool Encrypt { get; set; }

    /// <summary>Sign, envelope, sign (RFC 3854 §3.4.1) with the gateway's identity (to X.400).</summary>
    public bool TripleWrap { get; set; }

    /// <summary>Decrypt enveloped content with a configured decryption identity.</summary>
    public bool Decrypt { get; set; }

    /// <summary>
    /// A slow link: remove the certificate set from SignedData going to X.400 (the signature stays valid), and put the
    /// signer's chain back, from the certificate directories, on SignedData coming from X.400.
    /// </summary>
    public bool StripCertificates { get; set; }

    /// <summary>Content encryption: <c>Aes256Cbc</c> (default), <c>Aes192Cbc</c>, <c>Aes128Cbc</c> or <c>DesEde3Cbc</c>.</summary>
    public string Cipher { get; set; } = "Aes256Cbc";
}
