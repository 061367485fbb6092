using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// ESS signingCertificate (RFC 2634 §5.4) and signingCertificateV2 (RFC 5035 §3): the signer binds its signature to
/// one certificate, so that a different certificate for the same key or name cannot be substituted. The first
/// ESSCertID is the signer's and must name the certificate that verified the signature.
/// </summary>
internal static class SigningCertificateCheck
{
    public static bool TryMatch(SignedAttributes attributes, X509Certificate certificate, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (attributes.SigningCertificate is { } v1)
        {
            var ids = v1.GetCerts();
            if (ids.Length == 0)
            {
                error = "signingCertificate names no certificate";
                return false;
            }
            if (!TryMatch("signingCertificate", Digest.Sha1, ids[0].GetCertHash(), ids[0].IssuerSerial, certificate, out error))
            {
                return false;
            }
        }
        if (attributes.SigningCertificateV2 is { } v2)
        {
            var ids = v2.GetCerts();
            if (ids.Length == 0)
            {
                error = "signingCertificateV2 names no certificate";
                return false;
            }
            if (!Digest.TryFrom(ids[0].HashAlgorithm, "signingCertificateV2 hashAlgorithm", out var digest, out error)
                || !TryMatch("signingCertificateV2", digest, ids[0].GetCertHash(), ids[0].IssuerSerial, certificate, out error))
            {
                return false;
            }
        }
        return true;
    }

    private static bool TryMatch(
        string attribute,
        Digest digest,
        byte[] certHash,
        IssuerSerial? issuerSerial,
        X509Certificate certificate,
        [NotNullWhen(false)] out string? error)
    {
        if (!digest.Compute(certificate.GetEncoded()).AsSpan().SequenceEqual(certHash))
        {
            error = $"{attribute} does not match the signer certificate: its {digest.Name} certHash is that of another certificate";
            return false;
        }
        if (issuerSerial is not null)
        {
            var issuerNamed = issuerSerial.Issuer.GetNames()
                .Any(n => n.TagNo == GeneralName.DirectoryName && X509Name.GetInstance(n.Name).Equivalent(certificate.IssuerDN));
            if (!issuerNamed || !issuerSerial.Serial.Value.Equals(certificate.SerialNumber))
            {
                error = $"{attribute} does not match the signer certificate: its issuerSerial names another certificate";
                return false;
            }
        }
        error = null;
        return true;
    }
}
