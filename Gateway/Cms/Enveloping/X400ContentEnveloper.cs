using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Enveloping;

/// <summary>
/// Envelopes X.400 content (RFC 3854 §3.3): EnvelopedData whose encryptedContentInfo.contentType is the content's own
/// type (the X.400 OID, or id-signedData for a triple wrap), one RecipientInfo per certificate:
/// RSA key transport, or ephemeral-static key agreement for an EC (RFC 5753) or X9.42 DH (RFC 3370) key.
/// </summary>
public static class X400ContentEnveloper
{
    /// <summary>The configuration names of the content-encryption algorithms and their OIDs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Ciphers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Aes256Cbc"] = CmsEnvelopedGenerator.Aes256Cbc,
        ["Aes192Cbc"] = CmsEnvelopedGenerator.Aes192Cbc,
        ["Aes128Cbc"] = CmsEnvelopedGenerator.Aes128Cbc,
        ["DesEde3Cbc"] = CmsEnvelopedGenerator.DesEde3Cbc,
    };

    /// <exception cref="ArgumentException">No recipient, an unknown cipher, or a certificate whose key is neither RSA, EC nor DH (the message names it).</exception>
    public static byte[] Envelope(ReadOnlyMemory<byte> content, string contentType, IReadOnlyList<X509Certificate> recipients, string cipher)
    {
        if (recipients.Count == 0) throw new ArgumentException("an EnvelopedData needs at least one recipient", nameof(recipients));
        if (!Ciphers.TryGetValue(cipher, out var cipherOid)) throw new ArgumentException($"unknown cipher {cipher}", nameof(cipher));
        var generator = new CmsEnvelopedDataGenerator();
        foreach (var certificate in recipients.DistinctBy(c => c.SerialNumber.ToString() + c.IssuerDN))
        {
            switch (certificate.GetPublicKey())
            {
                case RsaKeyParameters:
                    generator.AddKeyTransRecipient(certificate);
                    break;
                case var key when KeyAgreement.CanAgree(key):
                    generator.AddRecipientInfoGenerator(new KeyAgreeRecipientInfoGenerator(certificate, cipherOid));
                    break;
                default:
                    throw new ArgumentException(
                        $"the certificate of {certificate.SubjectDN} has a {certificate.SubjectPublicKeyInfo.Algorithm.Algorithm} key; only RSA (key transport), EC and DH (key agreement) keys can receive");
            }
        }
        return generator.Generate(new CmsProcessableByteArray(new DerObjectIdentifier(contentType), content.ToArray()), new DerObjectIdentifier(cipherOid)).GetEncoded();
    }
}
