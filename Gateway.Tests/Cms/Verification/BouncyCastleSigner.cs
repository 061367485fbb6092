using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>
/// SignedData from BouncyCastle's generator, for the objects OpenSSL refuses to make: a signed attribute table of the
/// test's choosing (duplicates, ESS attributes, private OIDs) and a key that does not belong to the certificate.
/// </summary>
internal static class BouncyCastleSigner
{
    public static byte[] Sign(
        byte[] content,
        AsymmetricKeyParameter key,
        X509Certificate certificate,
        AttributeTable? signedAttributes = null,
        string? digest = null)
    {
        var generator = new CmsSignedDataGenerator();
        generator.AddSigner(key, certificate, digest ?? CmsSignedGenerator.DigestSha256, signedAttributes, null);
        generator.AddCertificates(CollectionUtilities.CreateStore(new[] { certificate }));
        return generator.Generate(new CmsProcessableByteArray(new Org.BouncyCastle.Asn1.DerObjectIdentifier(VerificationPki.Ipm88), content), encapsulate: true).GetEncoded();
    }
}
