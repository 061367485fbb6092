using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// Where verification looks for certificates a SignedData does not carry: a sender on a constrained X.400 link may
/// leave its certificate set out, and a certificate store or directory restores it (design.md, the handshake seed).
/// Implementations answer from what they hold; a miss is null or empty, never an exception.
/// </summary>
public interface ISignerCertificateSource
{
    /// <summary>The certificate a SignerInfo names by issuer and serial number or by subjectKeyIdentifier.</summary>
    X509Certificate? Find(SignerID signer);

    /// <summary>Certificates whose subject is <paramref name="issuer"/>: intermediate CAs for building the path.</summary>
    IEnumerable<X509Certificate> FindBySubject(X509Name issuer);
}
