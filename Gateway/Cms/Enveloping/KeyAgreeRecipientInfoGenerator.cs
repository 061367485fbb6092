using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// A KeyAgreeRecipientInfo for an EC or X9.42 DH certificate: a fresh ephemeral key on the recipient's curve or group
/// as originatorKey (parameters absent), the scheme <see cref="KeyAgreement.SchemeFor"/> picks, and the key wrap
/// OpenSSL would choose for the content cipher. The recipient is named by issuer and serial number, as for key transport.
/// </summary>
internal sealed class KeyAgreeRecipientInfoGenerator(X509Certificate certificate, string contentCipher, byte[]? ukm = null) : RecipientInfoGenerator
{
    public RecipientInfo Generate(KeyParameter contentEncryptionKey, SecureRandom random)
    {
        var recipientKey = certificate.GetPublicKey();
        var ephemeral = KeyAgreement.Ephemeral(recipientKey, random);
        var scheme = KeyAgreement.SchemeFor(recipientKey);
        var wrap = KeyAgreement.WrapFor(contentCipher, contentEncryptionKey.KeyLength);
        var kek = KeyAgreement.DeriveKek(scheme, wrap, ephemeral.Private, recipientKey, ukm);
        var encryptedKey = KeyAgreement.Wrap(wrap, kek, contentEncryptionKey.GetKey());

        var recipient = new RecipientEncryptedKey(
            new KeyAgreeRecipientIdentifier(new IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)), new DerOctetString(encryptedKey));
        return new RecipientInfo(new KeyAgreeRecipientInfo(new OriginatorIdentifierOrKey(KeyAgreement.OriginatorKeyOf(ephemeral.Public)),
            ukm is null ? null : new DerOctetString(ukm), new AlgorithmIdentifier(new DerObjectIdentifier(scheme), wrap), new DerSequence(recipient)));
    }
}
