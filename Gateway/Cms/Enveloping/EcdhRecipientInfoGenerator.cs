using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// A KeyAgreeRecipientInfo for an EC certificate (RFC 5753 §3.1.1): a fresh ephemeral key on the recipient's curve as
/// originatorKey (id-ecPublicKey, parameters absent), dhSinglePass-stdDH with the curve's KDF hash, and the key wrap
/// OpenSSL would choose for the content cipher. The recipient is named by issuer and serial number, as for key transport.
/// </summary>
internal sealed class EcdhRecipientInfoGenerator(X509Certificate certificate, string contentCipher, byte[]? ukm = null) : RecipientInfoGenerator
{
    public RecipientInfo Generate(KeyParameter contentEncryptionKey, SecureRandom random)
    {
        var recipientKey = (ECPublicKeyParameters)certificate.GetPublicKey();
        var generator = new ECKeyPairGenerator();
        generator.Init(recipientKey.PublicKeyParamSet is { } curve
            ? new ECKeyGenerationParameters(curve, random)
            : new ECKeyGenerationParameters(recipientKey.Parameters, random));
        var ephemeral = generator.GenerateKeyPair();
        var ephemeralPublic = (ECPublicKeyParameters)ephemeral.Public;

        var scheme = EcdhKeyAgreement.SchemeFor(recipientKey.Parameters);
        var wrap = EcdhKeyAgreement.WrapFor(contentCipher, contentEncryptionKey.KeyLength);
        var kek = EcdhKeyAgreement.DeriveKek(scheme, wrap, (ECPrivateKeyParameters)ephemeral.Private, recipientKey, ukm);
        var encryptedKey = EcdhKeyAgreement.Wrap(wrap, kek, contentEncryptionKey.GetKey());

        var originator = new OriginatorIdentifierOrKey(new OriginatorPublicKey(
            new AlgorithmIdentifier(new DerObjectIdentifier(EcdhKeyAgreement.IdEcPublicKey)), ephemeralPublic.Q.GetEncoded(compressed: false)));
        var recipient = new RecipientEncryptedKey(
            new KeyAgreeRecipientIdentifier(new IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)), new DerOctetString(encryptedKey));
        return new RecipientInfo(new KeyAgreeRecipientInfo(originator, ukm is null ? null : new DerOctetString(ukm),
            new AlgorithmIdentifier(new DerObjectIdentifier(scheme), wrap), new DerSequence(recipient)));
    }
}
