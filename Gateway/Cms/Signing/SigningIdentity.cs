using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Signing;

/// <summary>A signer: its certificate, its private key, and the CA certificates to send along so receivers can build the path.</summary>
public sealed record SigningIdentity(X509Certificate Certificate, AsymmetricKeyParameter PrivateKey, IReadOnlyList<X509Certificate> Chain)
{
    public override string ToString() => $"SigningIdentity({Certificate.SubjectDN})"; // never the key
}
