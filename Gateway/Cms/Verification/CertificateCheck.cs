using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>The path check of verification, for one certificate on its own: a recipient's before encrypting, an operator's `cert check`.</summary>
public static class CertificateCheck
{
    /// <param name="path">The certificate, the CAs above it, and the trust anchor, in that order.</param>
    /// <param name="failure">Why there is no valid path, in words.</param>
    public static bool TryValidate(X509Certificate certificate, VerificationContext context, CertificatePurpose purpose,
        [NotNullWhen(true)] out IReadOnlyList<X509Certificate>? path, [NotNullWhen(false)] out string? failure) =>
        new CertificatePathValidator(context.TrustAnchors, [], context.Certificates, context.ValidationTime, purpose).TryValidate(certificate, out path, out failure);
}
