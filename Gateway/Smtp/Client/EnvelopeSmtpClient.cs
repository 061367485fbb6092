using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Smtp.Client;

/// <summary>
/// A MailKit client that takes the RFC 3461 parameters from the envelope the gateway received instead of from
/// the message. MailKit asks for them through protected virtuals and only when the server advertises DSN, so the
/// "next hop lacks DSN" case needs nothing here.
/// </summary>
/// <remarks>
/// MailKit 4.18 builds ORCPT itself (a private, non-virtual method): always "rfc822;" plus the RCPT address, and
/// only together with NOTIFY. An ORCPT that differs from the forward-path cannot be relayed through this class;
/// <see cref="CarriesOriginalRecipient"/> tells the caller when that happens.
/// </remarks>
internal sealed class EnvelopeSmtpClient : SmtpClient
{
    // By reference: MailKit hands back the very instances it was given, and two recipients may share an address.
    private readonly Dictionary<MailboxAddress, SmtpRecipient> _recipients = new(ReferenceEqualityComparer.Instance);
    private string? _envelopeId;

    /// <summary>The recipients' NOTIFY/ORCPT and the message's RET/ENVID for the next transaction.</summary>
    public void UseEnvelope(MailParameters parameters, IEnumerable<KeyValuePair<MailboxAddress, SmtpRecipient>> recipients)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(recipients);
        _envelopeId = parameters.EnvelopeId;
        DeliveryStatusNotificationType = parameters.Return switch
        {
            DsnReturn.Full => DeliveryStatusNotificationType.Full,
            DsnReturn.Headers => DeliveryStatusNotificationType.HeadersOnly,
            _ => DeliveryStatusNotificationType.Unspecified,
        };
        _recipients.Clear();
        foreach (var (mailbox, recipient) in recipients)
        {
            _recipients[mailbox] = recipient;
        }
    }

    /// <summary>
    /// Whether what MailKit will send for <paramref name="recipient"/> (ORCPT=rfc822;forward-path, with NOTIFY only)
    /// is the ORCPT the gateway was given, or a permitted addition (RFC 3461 §4.2: an MTA may add ORCPT).
    /// </summary>
    public static bool CarriesOriginalRecipient(SmtpRecipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.OriginalRecipient is null
            || recipient.Notify != DsnNotify.Unspecified
            && string.Equals(recipient.OriginalRecipientType, "rfc822", StringComparison.OrdinalIgnoreCase)
            && string.Equals(recipient.OriginalRecipient, recipient.Address, StringComparison.Ordinal);
    }

    /// <summary>
    /// The operators' lesson: use BDAT whenever the server offers CHUNKING. MailKit also takes BDAT for a server
    /// that offers only BINARYMIME; <see cref="SmtpNextHop"/> withdraws that capability first.
    /// </summary>
    protected override bool PreferSendAsBinaryData => true;

    protected override string? GetEnvelopeId(MimeMessage message) => _envelopeId;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        if (!_recipients.TryGetValue(mailbox, out var recipient) || recipient.Notify == DsnNotify.Unspecified)
        {
            // No NOTIFY at all, rather than MailKit's NEVER for an empty set: the next hop applies its default.
            return null;
        }
        if (recipient.Notify.HasFlag(DsnNotify.Never))
        {
            return DeliveryStatusNotification.Never;
        }
        var notify = DeliveryStatusNotification.Never;
        if (recipient.Notify.HasFlag(DsnNotify.Success)) notify |= DeliveryStatusNotification.Success;
        if (recipient.Notify.HasFlag(DsnNotify.Failure)) notify |= DeliveryStatusNotification.Failure;
        if (recipient.Notify.HasFlag(DsnNotify.Delay)) notify |= DeliveryStatusNotification.Delay;
        return notify;
    }

    /// <summary>
    /// Nothing: the message goes out as received, except what <see cref="ContentDowngrade"/> already changed.
    /// MailKit's default calls <see cref="MimeMessage.Prepare"/>, which re-encodes any part it deems unfit for the
    /// constraint (long 7bit lines, 8bit text) and adds a MIME-Version header: changes a relay must not make.
    /// </summary>
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }
}
