using System.Diagnostics.CodeAnalysis;
using Gateway.Cms.Signing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509.Extension;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// Opens an EnvelopedData with one of the identities the gateway holds (RSA key transport, or key agreement for an EC or DH key): the content and the type
/// its encryptedContentInfo declares (an X.400 OID, or id-signedData for a signed inner layer).
/// </summary>
public static class X400ContentDecryptor
{
    /// <param name="contentType">The declared inner content type.</param>
    /// <param name="content">The inner content: for id-signedData the bare SignedData, as RFC 3854 §3.4 nests it.</param>
    /// <param name="error">Why it could not be opened: no RecipientInfo for the identities held, or the decryption failed.</param>
    public static bool TryDecrypt(ReadOnlyMemory<byte> contentInfo, IReadOnlyList<SigningIdentity> identities, [NotNullWhen(true)] out string? contentType,
        out byte[] content, [NotNullWhen(false)] out string? error)
    {
        contentType = null;
        content = [];
        try
        {
            var enveloped = new CmsEnvelopedData(contentInfo.ToArray());
            var structure = EnvelopedData.GetInstance(enveloped.ContentInfo.Content);
            var recipients = enveloped.GetRecipientInfos();
            foreach (var identity in identities)
            {
                if (identity.PrivateKey is ECPrivateKeyParameters or DHPrivateKeyParameters)
                {
                    if (KeyAgreementRecipient.TryOpen(structure, identity.Certificate, identity.PrivateKey) is not { } opened) continue;
                    content = opened;
                }
                else
                {
                    if (FindKeyTransport(recipients, identity) is not { } recipient) continue;
                    content = recipient.GetContent(identity.PrivateKey);
                }
                contentType = structure.EncryptedContentInfo.ContentType.Id;
                error = null;
                return true;
            }
            error = $"none of the {identities.Count} decryption identities is among its {recipients.Count} recipients";
            return false;
        }
        catch (Exception e) when (e is CmsException or InvalidDataException or ArgumentException or InvalidOperationException or IOException or Org.BouncyCastle.Crypto.CryptoException)
        {
            error = $"it cannot be decrypted: {e.Message}";
            return false;
        }
    }

    /// <summary>The RecipientInfo naming the identity by issuer and serial number, or by subject key identifier (`openssl cms -keyid`).</summary>
    private static RecipientInformation? FindKeyTransport(RecipientInformationStore recipients, SigningIdentity identity)
    {
        var byIssuer = new RecipientID { Issuer = identity.Certificate.IssuerDN, SerialNumber = identity.Certificate.SerialNumber };
        if (recipients.GetFirstRecipient(byIssuer) is { } recipient) return recipient;
        if (identity.Certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is not { } extension) return null;
        var keyId = SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).GetKeyIdentifier();
        return recipients.GetFirstRecipient(new RecipientID { SubjectKeyIdentifier = new DerOctetString(keyId).GetEncoded() }); // BouncyCastle keys the store by the encoded OCTET STRING
    }
}
