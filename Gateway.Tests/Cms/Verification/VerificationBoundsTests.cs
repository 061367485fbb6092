using Gateway.Cms.Verification;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>What a sender controls (how many signers, which certificates ride along) cannot make verification run long.</summary>
public sealed class VerificationBoundsTests
{
    private static readonly byte[] Content = "bounded"u8.ToArray();
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static AsymmetricCipherKeyPair EcKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        return generator.GenerateKeyPair();
    }

    private static X509Certificate Certificate(string subject, string issuer, AsymmetricKeyParameter publicKey, AsymmetricKeyParameter signingKey, int serial)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigInteger.ValueOf(serial));
        generator.SetSubjectDN(new X509Name(subject));
        generator.SetIssuerDN(new X509Name(issuer));
        generator.SetNotBefore(Now.UtcDateTime.AddDays(-1));
        generator.SetNotAfter(Now.UtcDateTime.AddDays(1));
        generator.SetPublicKey(publicKey);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        return generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", signingKey));
    }

    private static byte[] Sign(AsymmetricKeyParameter key, X509Certificate certificate, int signers, IEnumerable<X509Certificate> extra)
    {
        var generator = new CmsSignedDataGenerator();
        for (var i = 0; i < signers; i++)
        {
            generator.AddSigner(key, certificate, CmsSignedGenerator.DigestSha256);
        }
        generator.AddCertificates(CollectionUtilities.CreateStore(extra.Prepend(certificate).ToList()));
        return generator.Generate(new CmsProcessableByteArray(new DerObjectIdentifier(VerificationPki.Ipm88), Content), encapsulate: true).GetEncoded();
    }

    [Fact]
    public void Certificates_that_chain_to_each_other_in_every_order_end_the_search()
    {
        // Thirty CA certificates with one name and one key, each verifying each other: 30^8 orderings for a naive search.
        var loopKey = EcKey();
        var loop = Enumerable.Range(1, 30).Select(i => Certificate("CN=Loop", "CN=Loop", loopKey.Public, loopKey.Private, i)).ToList();
        var signerKey = EcKey();
        var signer = Certificate("CN=Looped signer", "CN=Loop", signerKey.Public, loopKey.Private, 100);
        var anchorKey = EcKey();
        var anchor = Certificate("CN=Unrelated root", "CN=Unrelated root", anchorKey.Public, anchorKey.Private, 1);

        var result = new SignatureVerifier().Verify(Sign(signerKey.Private, signer, 1, loop), new VerificationContext(TrustAnchors.Create([anchor]), Now));

        Assert.Equal(
            (SignatureStatus.Untrusted, "signature verified, but no path to a trust anchor found within 64 certificate signature checks"),
            (result.Status, result.Reason));
    }

    [Fact]
    public void More_signers_than_the_limit()
    {
        var key = EcKey();
        var certificate = Certificate("CN=Prolific", "CN=Prolific", key.Public, key.Private, 1);

        var atLimit = new SignatureVerifier().Verify(Sign(key.Private, certificate, SignatureVerifier.MaxSigners, []), new VerificationContext(TrustAnchors.Create([certificate]), Now));
        var overLimit = new SignatureVerifier().Verify(Sign(key.Private, certificate, SignatureVerifier.MaxSigners + 1, []), new VerificationContext(TrustAnchors.Create([certificate]), Now));

        Assert.True(atLimit.Status == SignatureStatus.Valid, atLimit.Reason);
        Assert.Equal((SignatureStatus.Invalid, "the SignedData has 17 SignerInfos; the gateway verifies at most 16"), (overLimit.Status, overLimit.Reason));
    }
}
