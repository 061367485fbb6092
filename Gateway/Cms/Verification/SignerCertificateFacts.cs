using System.Runtime.CompilerServices;
using Gateway.X400;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// What a verification result says about a signer's certificate, worked out once per certificate instance. Carried
/// certificates are one instance per distinct encoding (<see cref="InternedCertificates"/>), so the names, serial and
/// x400Address of the usual correspondents are formatted once, not for every message.
/// </summary>
internal sealed record SignerCertificateFacts(
    string Subject,
    string Issuer,
    string SerialNumber,
    string? SubjectKeyIdentifier,
    IReadOnlyList<OrAddress> X400Addresses,
    string AddressProblem)
{
    private static readonly ConditionalWeakTable<X509Certificate, SignerCertificateFacts> Known = [];

    /// <summary>Throws as BouncyCastle throws for an extension it cannot read (and nothing is kept).</summary>
    public static SignerCertificateFacts Of(X509Certificate certificate) => Known.GetValue(certificate, Read);

    private static SignerCertificateFacts Read(X509Certificate certificate)
    {
        var problem = "";
        IReadOnlyList<OrAddress> addresses = [];
        if (certificate.GetExtensionValue(X509Extensions.SubjectAlternativeName) is { } san)
        {
            // A broken x400Address does not make the signature wrong; it leaves the originator check without addresses.
            if (!X400AddressNames.TryRead(san.GetOctets(), out addresses, out var error))
            {
                addresses = [];
                problem = $" (x400Address ignored: {error})";
            }
        }
        return new SignerCertificateFacts(
            CertificateText.Subject(certificate),
            CertificateText.Name(certificate.IssuerDN),
            CertificateText.Serial(certificate.SerialNumber),
            CertificateText.SubjectKeyIdentifier(certificate),
            addresses,
            problem);
    }
}
