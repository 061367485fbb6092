using System.Diagnostics.CodeAnalysis;
using Gateway.Cms;
using Gateway.Mime;
using Gateway.X400;
using Gateway.X400.Mapping;
using MimeKit;

namespace Gateway.Relay;

/// <summary>
/// Turns a P1 message into an Internet message: the content gets its outer MIME wrapper back (RFC 3854 §3.2.1,
/// §3.3.1, §3.5), the O/R names become mailboxes, and the envelope gives From, To, Date and Message-ID.
/// </summary>
/// <param name="preferBinary">Wrap CMS content with Content-Transfer-Encoding binary, for BDAT/BINARYMIME to the next hop.</param>
/// <param name="limits">The CMS inspector's limits; they must leave room for the largest message the gateway takes.</param>
public sealed class X400ToSmtpConverter(MixerMapping addresses, string hostname, bool preferBinary = false, CmsInspectionLimits? limits = null)
{
    public CmsInspectionLimits Limits { get; } = limits ?? CmsInspectionLimits.Default;

    public bool TryConvert(P1Message p1, [NotNullWhen(true)] out SmtpBoundMessage? converted, [NotNullWhen(false)] out string? error)
    {
        converted = null;
        var envelope = p1.Envelope;
        var content = p1.Content; // where it lies: for a large file, its mapping (read through the file, never copied)
        MessageKind kind;
        CmsInspection? inspection = null;
        MimeEntity body;
        var contentType = envelope.ContentType.ToString();
        if (envelope.ContentType.Oid == X400Oids.ContentInfo)
        {
            inspection = CmsInspector.Inspect(content, Limits);
            if (!inspection.IsValid)
            {
                error = $"content type is id-ct-contentInfo but the content is {inspection.Error}";
                return false;
            }
            kind = KindOf(envelope, inspection);
            body = Rfc3854Wrapper.Wrap(kind, content);
            if (preferBinary) ((MimePart)body).ContentTransferEncoding = ContentEncoding.Binary;
            contentType = inspection.InnerContentType ?? contentType;
        }
        else if (envelope.ContentType.Oid == X400Oids.Data)
        {
            // RFC 3855 §2.2: id-data means the content is already a MIME entity (a wrapped CMS object or plain MIME).
            try
            {
                body = MimeEntity.Load(new ParserOptions(), Gateway.Buffers.MemoryStreams.Open(content), persistent: true);
            }
            catch (FormatException e)
            {
                error = $"content type is id-data but the content is not a MIME entity: {e.Message}";
                return false;
            }
            kind = Rfc3854Classifier.Classify(body.ContentType).Kind;
        }
        else
        {
            kind = MessageKind.X400Content;
            body = Rfc3854Wrapper.Wrap(kind, content, envelope.ContentType);
        }
        // Plain IPM content can be read, and RFC 2156 §5 maps its heading into the Internet header: the author, the
        // primary and copy recipients, the subject. Protected content keeps the envelope's view (it cannot be read).
        IpmHeading? heading = null;
        if (kind == MessageKind.X400Content && IsIpm(envelope.ContentType) && IpmHeadingReader.TryRead(content, out var read, out _))
        {
            heading = read;
        }

        var responsible = envelope.Recipients.Where(r => r.Indicators.HasFlag(PerRecipientIndicators.Responsibility)).ToList();
        if (responsible.Count == 0)
        {
            error = "no recipient has the responsibility flag set: nothing to deliver";
            return false;
        }
        // An O/R name whose mailbox is at the gateway's own X.400 domains (no mapping to Internet mail, an RFC-822 attribute
        // that is no mailbox) is an X.400 user: sent over SMTP it would come straight back and go into X.400 again.
        var mailboxes = responsible.Select(r => (Recipient: r, Mailbox: addresses.ToMailbox(r.Name))).ToList();
        var looping = mailboxes.Where(m => addresses.IsX400Recipient(m.Mailbox)).Select(m => m.Recipient).ToList();
        var recipients = mailboxes.Where(m => !addresses.IsX400Recipient(m.Mailbox)).Select(m => m.Mailbox).ToList();
        var from = addresses.ToMailbox(envelope.Originator);
        var message = new MimeMessage { Body = body };
        message.From.Add(heading?.Originator is { FormalName: not null } author ? HeaderMailbox(author) : MailboxAddress.Parse(from));
        if (heading is { PrimaryRecipients.Count: > 0 } || heading is { CopyRecipients.Count: > 0 })
        {
            message.To.AddRange(heading.PrimaryRecipients.Select(HeaderMailbox));
            message.Cc.AddRange(heading.CopyRecipients.Select(HeaderMailbox));
        }
        else
        {
            foreach (var r in recipients) message.To.Add(MailboxAddress.Parse(r));
        }
        message.Date = envelope.Trace.Count > 0 ? envelope.Trace[0].ArrivalTime : DateTimeOffset.UtcNow;
        message.MessageId = MessageIdFor(envelope.MessageIdentifier);
        message.Headers.Add("X400-MTS-Identifier", envelope.MessageIdentifier.ToString());
        message.Headers.Add("X400-Content-Type", envelope.ContentType.ToString());
        if (heading?.Subject is { } subject) message.Subject = subject;
        if (envelope.Priority != Priority.Normal)
        {
            message.Headers.Add(HeaderId.Priority, PriorityHeader.Format(envelope.Priority));
            // RFC 6710 §9: the value for MT-PRIORITY-aware MTAs behind a next hop that lacks the extension.
            message.Headers.Add("MT-Priority", TransferPriority.FromX400(envelope.Priority).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (heading is { Importance: not IpmImportance.Normal }) message.Headers.Add(HeaderId.Importance, heading.Importance == IpmImportance.High ? "high" : "low");
        if (heading?.Sensitivity is { } sensitivity)
        {
            message.Headers.Add(HeaderId.Sensitivity, sensitivity switch
            {
                IpmSensitivity.Personal => "Personal",
                IpmSensitivity.Private => "Private",
                _ => "Company-Confidential",
            });
        }
        converted = new SmtpBoundMessage(message, from, recipients, kind, inspection, contentType)
        {
            Body = preferBinary && kind.IsCms() ? Gateway.Smtp.BodyType.BinaryMime : Gateway.Smtp.BodyType.Unspecified,
            LoopingRecipients = looping,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// An X.420 ORDescriptor as a header mailbox: the formal name mapped like any address, the free-form name as the
    /// display name. A descriptor with only a free-form name has no address: it becomes an empty group of that name,
    /// which RFC 5322 allows and which loses nothing a reader could use.
    /// </summary>
    private InternetAddress HeaderMailbox(OrDescriptor descriptor)
    {
        if (descriptor.FormalName is { } formal)
        {
            var mailbox = MailboxAddress.Parse(addresses.ToMailbox(formal));
            if (descriptor.FreeFormName is { Length: > 0 } display) mailbox.Name = display;
            return mailbox;
        }
        return new GroupAddress(descriptor.FreeFormName ?? "undisclosed");
    }

    /// <summary>The smime-type: from the S/MIME EIT the sender put on the envelope (RFC 3855 §2.5), else from the outer CMS type.</summary>
    private static MessageKind KindOf(P1Envelope envelope, CmsInspection inspection)
    {
        var eits = envelope.OriginalEncodedInformationTypes?.Extended ?? [];
        if (eits.Contains(X400Oids.EitSignedX400)) return MessageKind.SignedX400;
        if (eits.Contains(X400Oids.EitEnvelopedX400)) return MessageKind.EnvelopedX400;
        return CmsLabels.KindOf(inspection);
    }

    private static bool IsIpm(X400ContentType type) =>
        type.BuiltIn is 2 or 22 || type.Oid is "2.6.1.10.0" or X400Oids.InterpersonalMessaging1988;

    private string MessageIdFor(MtsIdentifier id)
    {
        var local = id.LocalIdentifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && !id.LocalIdentifier.StartsWith('.') && !id.LocalIdentifier.EndsWith('.') && !id.LocalIdentifier.Contains("..", StringComparison.Ordinal)
            ? id.LocalIdentifier
            : Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(id.LocalIdentifier));
        return $"{local}.x400@{hostname}";
    }
}
