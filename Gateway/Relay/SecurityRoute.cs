namespace Gateway.Relay;

/// <summary>What the gateway does to the mail of one route; <see cref="Default"/> is what applies when no route matches.</summary>
/// <param name="StripCertificates">
/// A slow X.400 link: SignedData goes to X.400 without its certificate set, and coming back the signer's chain is looked
/// up by its identifier and put back (the handshake design: the certificate never crosses the slow link).
/// </param>
/// <param name="Name">The route's <c>Match</c>, or <c>default</c>; it goes into the log line and the audit record.</param>
public sealed record SecurityRoute(string Name, bool Verify = true, bool Sign = false, bool Encrypt = false, bool TripleWrap = false,
    bool Decrypt = false, string Cipher = "Aes256Cbc", bool StripCertificates = false)
{
    public static readonly SecurityRoute Default = new("default");
}
