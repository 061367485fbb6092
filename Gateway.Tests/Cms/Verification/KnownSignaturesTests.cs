using Gateway.Cms.Verification;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>A CA signature that verified is answered from memory; nothing else is: not a changed octet, not another key, not a failure.</summary>
[Collection(VerificationCollection.Name)]
public sealed class KnownSignaturesTests(VerificationPki pki)
{
    private static bool Check(X509Certificate certificate, X509Certificate issuer, byte[] tbs, byte[] signature)
    {
        Assert.True(SignatureScheme.TryResolve(certificate.SignatureAlgorithm, null, out var scheme, out var error), error);
        return KnownSignatures.TryVerify(scheme, certificate.SignatureAlgorithm, issuer.SubjectPublicKeyInfo, tbs, signature, out _);
    }

    [Fact]
    public void A_verified_certificate_signature_is_remembered_and_answered_again()
    {
        var certificate = pki.Intermediate;
        var tbs = certificate.GetTbsCertificate();
        var signature = certificate.GetSignature();

        Assert.True(Check(certificate, pki.Root, tbs, signature));
        Assert.True(KnownSignatures.Remembers(certificate.SignatureAlgorithm, pki.Root.SubjectPublicKeyInfo, tbs, signature));
        Assert.True(Check(certificate, pki.Root, tbs, signature));
    }

    [Fact]
    public void A_changed_octet_or_another_key_is_checked_and_fails_after_the_genuine_one_was_remembered()
    {
        var certificate = pki.Rsa.Certificate;
        var tbs = certificate.GetTbsCertificate();
        var signature = certificate.GetSignature();
        Assert.True(Check(certificate, pki.Root, tbs, signature));

        var forged = (byte[])signature.Clone();
        forged[^1] ^= 1;
        var altered = (byte[])tbs.Clone();
        altered[^1] ^= 1;

        Assert.False(Check(certificate, pki.Root, tbs, forged));
        Assert.False(Check(certificate, pki.Root, altered, signature));
        Assert.False(Check(certificate, pki.SecondRsa.Certificate, tbs, signature));
        Assert.False(KnownSignatures.Remembers(certificate.SignatureAlgorithm, pki.Root.SubjectPublicKeyInfo, tbs, forged));
        Assert.False(KnownSignatures.Remembers(certificate.SignatureAlgorithm, pki.Root.SubjectPublicKeyInfo, altered, signature));
        Assert.False(KnownSignatures.Remembers(certificate.SignatureAlgorithm, pki.SecondRsa.Certificate.SubjectPublicKeyInfo, tbs, signature));
    }

    [Fact]
    public void By_instance_the_same_pair_is_answered_and_any_other_issuer_or_a_forged_copy_is_checked()
    {
        var certificate = new X509Certificate(pki.Rsa.Certificate.GetEncoded());
        Assert.True(SignatureScheme.TryResolve(certificate.SignatureAlgorithm, null, out var scheme, out var error), error);
        var forgedEncoding = certificate.GetEncoded();
        forgedEncoding[^1] ^= 1;
        var forged = new X509Certificate(forgedEncoding);

        Assert.True(KnownSignatures.TryVerify(scheme, certificate, pki.Root, out _));
        Assert.True(KnownSignatures.TryVerify(scheme, certificate, pki.Root, out _));
        Assert.True(KnownSignatures.TryVerify(scheme, certificate, new X509Certificate(pki.Root.GetEncoded()), out _));
        Assert.False(KnownSignatures.TryVerify(scheme, certificate, pki.SecondRsa.Certificate, out _));
        Assert.False(KnownSignatures.TryVerify(scheme, forged, pki.Root, out _));
        Assert.True(KnownSignatures.TryVerify(scheme, certificate, pki.Root, out _));
    }
}
