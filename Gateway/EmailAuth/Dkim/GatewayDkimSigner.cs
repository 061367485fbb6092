using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.EmailAuth.Dkim;

/// <summary>
/// DKIM-signs the mail the gateway itself generates (X.400 messages converted for SMTP, DSNs): rsa-sha256,
/// relaxed/relaxed, the key from a PEM file, d= and s= from configuration — so that it passes DMARC at its receivers.
/// Called as the very last step before the message is handed to the next hop: any later change would break it.
/// </summary>
public sealed class GatewayDkimSigner(DkimSigner signer)
{
    private static readonly HeaderId[] Signed =
    [
        HeaderId.From, HeaderId.Sender, HeaderId.ReplyTo, HeaderId.To, HeaderId.Cc, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId,
        HeaderId.InReplyTo, HeaderId.References, HeaderId.MimeVersion, HeaderId.ContentType, HeaderId.ContentTransferEncoding,
    ];

    public string Domain => signer.Domain;

    public string Selector => signer.Selector;

    /// <exception cref="FormatException">The key file holds no usable private key (the message names it).</exception>
    public static GatewayDkimSigner Load(string keyFile, string domain, string selector)
    {
        try
        {
            return new GatewayDkimSigner(new DkimSigner(keyFile, domain, selector, DkimSignatureAlgorithm.RsaSha256)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                AgentOrUserIdentifier = null,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            throw new FormatException($"{keyFile}: not a private key DKIM can sign with: {e.Message}", e);
        }
    }

    public void Sign(MimeMessage message)
    {
        var present = Signed.Where(id => message.Headers.Contains(id)).ToList();
        signer.Sign(message, present);
    }
}
