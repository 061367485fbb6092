using Gateway.X400;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>A key pair with a certificate OpenSSL issued, as files for `openssl cms` and as the certificate the verifier sees.</summary>
/// <param name="X400Address">The x400Address the certificate's subjectAltName carries, when it has one.</param>
public sealed record PkiSigner(string Name, string CertificatePath, string KeyPath, X509Certificate Certificate, OrAddress? X400Address)
{
    /// <summary>The subject as RFC 4514 text, the form the verifier reports.</summary>
    public string Subject => $"CN={Name},O={VerificationPki.Organisation}";
}
