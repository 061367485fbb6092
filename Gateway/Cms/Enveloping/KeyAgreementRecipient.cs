using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509.Extension;
using X509Certificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// The receiving half of key agreement (ECDH, X9.42 DH): finds the RecipientEncryptedKey naming an identity (issuer and serial, or
/// subject key identifier), agrees with the originator's ephemeral key, unwraps the content key and decrypts the content.
/// </summary>
internal static class KeyAgreementRecipient
{
    /// <summary>The decrypted content, or null when no key-agreement RecipientInfo names this identity.</summary>
    /// <exception cref="InvalidDataException">One names it but cannot be opened; the message says which step failed.</exception>
    public static byte[]? TryOpen(EnvelopedData enveloped, X509Certificate certificate, AsymmetricKeyParameter key)
    {
        foreach (var info in enveloped.RecipientInfos)
        {
            if (RecipientInfo.GetInstance(info).Info is not KeyAgreeRecipientInfo agreement) continue;
            foreach (var entry in agreement.RecipientEncryptedKeys)
            {
                var encryptedKey = RecipientEncryptedKey.GetInstance(entry);
                if (!Names(encryptedKey.Identifier, certificate)) continue;
                var contentKey = UnwrapContentKey(agreement, encryptedKey, key);
                return Decrypt(enveloped.EncryptedContentInfo, contentKey);
            }
        }
        return null;
    }

    private static byte[] UnwrapContentKey(KeyAgreeRecipientInfo agreement, RecipientEncryptedKey encryptedKey, AsymmetricKeyParameter key)
    {
        var scheme = agreement.KeyEncryptionAlgorithm.Algorithm.Id;
        if (!KeyAgreement.IsScheme(scheme)) throw new InvalidDataException($"key agreement scheme {scheme} is not supported (ECDH of RFC 5753 and ESDH of RFC 3370)");
        if (agreement.KeyEncryptionAlgorithm.Parameters is null) throw new InvalidDataException("the key agreement algorithm names no key wrap algorithm");
        var wrap = AlgorithmIdentifier.GetInstance(agreement.KeyEncryptionAlgorithm.Parameters);
        var originator = agreement.Originator.OriginatorKey
            ?? throw new InvalidDataException("the originator is named by certificate, not by an ephemeral key (static-static agreement is not supported)");
        var originatorKey = KeyAgreement.OriginatorKeyFor(originator, key);
        var ukm = agreement.UserKeyingMaterial?.GetOctets();
        var kek = KeyAgreement.DeriveKek(scheme, wrap, key, originatorKey, ukm);
        return KeyAgreement.Unwrap(wrap, kek, encryptedKey.EncryptedKey.GetOctets());
    }

    private static bool Names(KeyAgreeRecipientIdentifier identifier, X509Certificate certificate)
    {
        if (identifier.IssuerAndSerialNumber is { } issuerAndSerial)
        {
            return issuerAndSerial.SerialNumber.Value.Equals(certificate.SerialNumber) && issuerAndSerial.Issuer.Equivalent(certificate.IssuerDN);
        }
        if (identifier.RKeyID is { } keyId && certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } extension)
        {
            var ours = SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).GetKeyIdentifier();
            return keyId.SubjectKeyIdentifier.GetOctets().AsSpan().SequenceEqual(ours);
        }
        return false;
    }

    private static byte[] Decrypt(EncryptedContentInfo encrypted, byte[] contentKey)
    {
        var algorithm = encrypted.ContentEncryptionAlgorithm;
        var ciphertext = encrypted.EncryptedContent?.GetOctets()
            ?? throw new InvalidDataException("the encrypted content is detached (not in the EnvelopedData)");
        try
        {
            var cipher = CipherUtilities.GetCipher(algorithm.Algorithm);
            cipher.Init(false, ParameterUtilities.GetCipherParameters(algorithm.Algorithm, new KeyParameter(contentKey), algorithm.Parameters?.ToAsn1Object()));
            return cipher.DoFinal(ciphertext);
        }
        catch (SecurityUtilityException e)
        {
            throw new InvalidDataException($"content encryption algorithm {algorithm.Algorithm.Id} is not supported", e);
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException or ArgumentException)
        {
            throw new InvalidDataException($"the content does not decrypt with the unwrapped key: {e.Message}", e);
        }
        finally
        {
            Array.Clear(contentKey);
        }
    }
}
