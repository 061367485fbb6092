using System.Diagnostics;
using System.Globalization;
using Gateway.Buffers;
using Gateway.Cms;
using Gateway.Cms.Signing;
using Gateway.Cms.Verification;
using Gateway.EmailAuth.Dkim;
using Gateway.Mime;
using Gateway.Reports;
using Gateway.Operations;
using Gateway.Smtp;
using Gateway.Smtp.Client;
using Gateway.Smtp.Server;
using Gateway.X400;
using Gateway.X400.Mapping;
using Gateway.X400.Transport;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;

namespace Gateway.Relay;

/// <summary>
/// The message path from SMTP: classify the body, route each recipient to X.400 or to the SMTP next hop, convert
/// what goes to X.400, and answer the final dot only with what the downstream did: 250 when it durably has the
/// message, 4xx when it could not take it now, 5xx when it never will.
/// </summary>
public sealed partial class MessageRelay(
    MixerMapping addresses,
    X400EnvelopeFactory envelopes,
    IX400Transport x400,
    SmtpNextHop nextHop,
    AuditLog audit,
    GatewayMetrics metrics,
    RelaySettings settings,
    SecurityRoutes routes,
    SecurityCheck security,
    OutboundProtection protection,
    BoundaryAuthentication boundary,
    OutgoingDkim dkim,
    ILogger<MessageRelay> logger,
    TimeProvider time) : ISmtpTransactionHandler
{
    public SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient)
    {
        if (addresses.IsX400Recipient(recipient))
        {
            return addresses.TryMapX400Recipient(recipient, out _, out var error)
                ? null
                : new SmtpReply(550, "5.1.3", $"<{recipient}>: cannot be mapped to an X.400 O/R address: {error}");
        }
        // RFC 5321 4.5.1: mail to the reserved, unqualified <postmaster> is always taken; it goes on to the next hop, which
        // delivers it to its own postmaster and relays it nowhere.
        return session.MayRelay || recipient.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            ? null
            : new SmtpReply(554, "5.7.1", $"<{recipient}>: Relay access denied");
    }

    public async Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var x400Recipients = transaction.Recipients.Where(r => addresses.IsX400Recipient(r.Address)).ToList();
        var smtpRecipients = transaction.Recipients.Where(r => !addresses.IsX400Recipient(r.Address)).ToList();

        MimeMessage parsed;
        try
        {
            parsed = await PooledMimeParsers.LoadMessageAsync(transaction.Content, cancellationToken);
        }
        catch (FormatException e)
        {
            var reply = new SmtpReply(554, "5.6.0", $"Message is not RFC 5322/MIME: {e.Message}");
            await DecideAsync(transaction, "smtp-to-smtp", MessageKind.Mime, transaction.Recipients, "rejected", reply.ToString(), started);
            return reply;
        }
        // MimeKit's messages, entities and contents have finalizers: one left to the collector outlived its first collection
        // with its whole tree (headers, parts, streams) and was finalized before the next. Under load that was 3 MB copied
        // into generation 1 at every collection, each a 5 ms pause for every session (the p99 at half the peak rate).
        // Disposing leaves the content stream open (persistent parse, leaveOpen) and tells the collector not to finalize.
        using var message = parsed;
        var classification = Rfc3854Classifier.Classify(message.Body?.ContentType, message.Body?.ContentDisposition);
        if (await boundary.CheckAsync(transaction, message, x400Recipients.Count > 0, cancellationToken) is { } refused)
        {
            await DecideAsync(transaction, x400Recipients.Count > 0 ? "smtp-to-x400" : "smtp-to-smtp", classification.IsValid ? classification.Kind : MessageKind.Mime,
                transaction.Recipients, refused.Code >= 500 ? "rejected" : "deferred", refused.ToString(), started);
            return refused;
        }

        var replies = new List<string>();
        if (x400Recipients.Count > 0)
        {
            var (reply, detail) = await ToX400Async(transaction, message, classification, x400Recipients, started, cancellationToken);
            if (!reply.IsPositive) return reply;
            replies.Add(detail);
        }
        if (smtpRecipients.Count > 0)
        {
            var reply = await ToSmtpAsync(transaction, message, classification, smtpRecipients, started, cancellationToken);
            if (!reply.IsPositive) return reply;
            replies.Add(reply.Lines[0]);
        }
        return new SmtpReply(250, "2.0.0", $"Ok: {transaction.Id} {string.Join("; ", replies)}");
    }

    private async Task<(SmtpReply Reply, string Detail)> ToX400Async(SmtpTransaction transaction, MimeMessage message,
        Classification classification, List<SmtpRecipient> recipients, long started, CancellationToken cancellationToken)
    {
        const string direction = "smtp-to-x400";
        var kind = classification.Kind;
        async Task<(SmtpReply, string)> Reject(SmtpReply reply, IReadOnlyList<string>? cms = null, string? contentType = null, SecurityFindings? found = null)
        {
            await DecideAsync(transaction, direction, kind, recipients, reply.Code >= 500 ? "rejected" : "deferred", reply.ToString(), started, cms, contentType,
                security: found);
            return (reply, "");
        }

        if (message.Body is { } body && AmbiguousLabels.Find(body) is { } ambiguity)
        {
            return await Reject(new SmtpReply(554, "5.6.0", $"Ambiguous MIME labels: {ambiguity}"));
        }
        if (kind == MessageKind.Mime)
        {
            return await Reject(new SmtpReply(554, "5.6.1",
                "This gateway carries only X.400 content (RFC 3854 signed-x400, enveloped-x400 or x400-content) to X.400 recipients"));
        }
        if (!classification.IsValid)
        {
            return await Reject(new SmtpReply(554, "5.6.0", $"Malformed {kind.ToName()}: {classification.Error}"));
        }
        using var unwrapped = await UnwrapAsync(message.Body!, cancellationToken);
        if (unwrapped.Error is not null)
        {
            return await Reject(new SmtpReply(554, "5.6.0", $"Malformed {kind.ToName()}: {unwrapped.Error}"));
        }
        IReadOnlyList<string> layers = [];
        CmsInspection? inspection = null;
        string? contentType = classification.ContentType?.ToString();
        string? label = null;
        if (kind.IsCms())
        {
            inspection = CmsInspector.Inspect(unwrapped.Content, CmsInspectionLimits.ForMessageSize(settings.MaxMessageSize));
            layers = inspection.Layers;
            contentType = inspection.InnerContentType;
            var described = kind == MessageKind.UnlabelledCms ? "CMS object" : kind.ToName();
            if (!inspection.IsValid)
            {
                return await Reject(new SmtpReply(554, "5.6.0", $"Malformed {described}: the body is {inspection.Error}"), layers, contentType);
            }
            // The CMS structure, not the label, decides what the object is (RFC 3854 §3.4.1: the smime-type follows
            // the innermost protection layer).
            var actual = CmsLabels.KindOf(inspection);
            if (kind == MessageKind.UnlabelledCms)
            {
                if (CmsLabels.IsOrdinarySmime(inspection))
                {
                    return await Reject(new SmtpReply(554, "5.6.1",
                        "The CMS object carries MIME (id-data), not X.400 content: this gateway carries only X.400 content to X.400 recipients"), layers, contentType);
                }
                label = "(none)";
                kind = actual;
            }
            else if (CmsLabels.Contradiction(kind, inspection) is { } proven)
            {
                actual = proven;
                label = kind.ToName();
                if (settings.StrictLabels)
                {
                    return await Reject(new SmtpReply(554, "5.6.0",
                        $"Mislabelled CMS object: smime-type={kind.ToName()} but the CMS structure is {actual.ToName()} ({string.Join(" > ", layers)})"), layers, contentType);
                }
                kind = actual;
            }
        }

        var findings = SecurityFindings.NotChecked;
        // Each recipient has its route; the message gets every protection any of them asks for.
        var recipientRoutes = recipients.Select(r => routes.For(MailDirection.ToX400, r.Address,
            addresses.TryMapX400Recipient(r.Address, out var name, out _) ? name.Address : null)).ToList();
        if (inspection is not null)
        {
            var route = recipientRoutes.OrderByDescending(r => r.Verify).First();
            findings = await security.CheckAsync(unwrapped.Content, inspection, route, cancellationToken);
            if (findings.DirectoryUnavailable is { } unavailable && settings.RejectInvalidSignature)
            {
                // The signature cannot be checked now and might be one the policy refuses: ask again later rather than guess.
                return await Reject(new SmtpReply(451, "4.7.0", $"Signer certificate not at hand and {unavailable}; try again later"), layers, contentType, findings);
            }
            if (findings.Signature == SignatureStatus.Invalid && settings.RejectInvalidSignature)
            {
                return await Reject(new SmtpReply(554, "5.7.5", $"Signature invalid: {findings.Reason}"), layers, contentType, findings);
            }
            if (findings.OriginatorMatch == false && settings.RejectOriginatorMismatch)
            {
                return await Reject(new SmtpReply(554, "5.7.1", $"Originator does not match the signer (RFC 3854 section 4.3): {findings.OriginatorDetail}"),
                    layers, contentType, findings);
            }
        }

        if (!addresses.TryMapSmtpMailbox(transaction.ReversePath, out var originator, out var originatorError))
        {
            return await Reject(new SmtpReply(550, "5.1.7", $"Sender cannot be mapped to X.400: {originatorError}"), layers, contentType);
        }
        var orNames = new List<OrName>();
        foreach (var r in recipients)
        {
            if (!addresses.TryMapX400Recipient(r.Address, out var name, out var error))
            {
                return await Reject(new SmtpReply(550, "5.1.3", $"<{r.Address}>: {error}"), layers, contentType);
            }
            orNames.Add(name);
        }

        var protectedContent = await protection.ApplyAsync(unwrapped.Content, kind, classification.ContentType, recipientRoutes, orNames, originator, transaction.ReceivedAt,
            cancellationToken);
        if (protectedContent.Refusal is { } refusal) return await Reject(refusal, layers, contentType, findings);
        var content = protectedContent.Content;
        if (protectedContent.Note is { } note)
        {
            if (protectedContent.Kind != kind)
            {
                kind = protectedContent.Kind;
                inspection = CmsInspector.Inspect(content, CmsInspectionLimits.ForMessageSize(settings.MaxMessageSize));
                layers = inspection.Layers;
                contentType = inspection.InnerContentType ?? contentType;
            }
            findings = findings with { Reason = findings == SecurityFindings.NotChecked ? note : $"{findings.Reason}; {note}" };
        }

        var digest = X400EnvelopeFactory.TransactionDigest(transaction.ReversePath, recipients.Select(r => r.Address), transaction.ContentSha256);
        var nullSender = transaction.ReversePath.Length == 0;
        var envelope = envelopes.Create(kind, classification.ContentType, originator, orNames, digest, transaction.ReceivedAt,
            PriorityDecision.Decide(transaction.Parameters.TransferPriority, message.Headers["MT-Priority"], message.Headers[HeaderId.Priority],
                transaction.Session.Trusted),
            [.. recipients.Select(r => ReportRequests.ForNotify(r.Notify, nullSender))],
            (ReportRequests.ForReturn(transaction.Parameters.Return), ReportRequests.ForEnvelopeId(transaction.Parameters.EnvelopeId)));
        try
        {
            await x400.SubmitAsync(new P1Message(envelope, content), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogX400Unavailable(logger, transaction.Id, e.Message);
            var deferred = StorageErrors.IsDiskFull(e)
                ? new SmtpReply(452, "4.3.1", "Insufficient system storage for the X.400 side, try again later")
                : new SmtpReply(451, "4.3.0", "X.400 transport unavailable, try again later");
            await DecideAsync(transaction, direction, kind, recipients, "deferred", $"{deferred}: {e.Message}", started, layers, contentType);
            return (deferred, "");
        }
        var detail = $"X.400 message {digest}";
        if (!settings.X400ReportsDelivery && !nullSender && recipients.Where(r => r.Notify.HasFlag(DsnNotify.Success)).ToList() is { Count: > 0 } notified)
        {
            detail += await RelayedNoticeAsync(transaction, notified, cancellationToken);
        }
        await DecideAsync(transaction, direction, kind, recipients, "relayed", label is null ? detail : $"{detail}; smime-type label {label} corrected to {kind.ToName()}",
            started, layers, contentType, label, findings);
        return (new SmtpReply(250, "2.0.0", detail), detail);
    }

    /// <summary>
    /// The object out of its MIME wrapper: in a pooled array, or for a large body in a mapped file (see <see cref="FileBackedMemory"/>),
    /// which the verifier digests and the file drop copies without making it resident. Either is given back when the result
    /// is disposed, at the end of the transaction: nothing may keep the content beyond it.
    /// </summary>
    private async Task<UnwrapResult> UnwrapAsync(MimeEntity body, CancellationToken cancellationToken)
    {
        var encoded = Rfc3854Unwrapper.EncodedLength(body);
        if (settings.ScratchDirectory is null || encoded <= settings.LargeContent)
        {
            // A pooled array, as long as the encoding (the object is never longer): no new large-object-heap array per message.
            var buffer = new PooledBuffer((int)Math.Min(encoded, Array.MaxLength));
            if (await Rfc3854Unwrapper.UnwrapToAsync(body, buffer, settings.MaxMessageSize, cancellationToken) is { } error)
            {
                await buffer.DisposeAsync();
                return UnwrapResult.Fail(error);
            }
            return UnwrapResult.Ok(buffer.Written, buffer);
        }
        var file = FileBackedMemory.CreateScratchFile(settings.ScratchDirectory);
        try
        {
            if (await Rfc3854Unwrapper.UnwrapToAsync(body, file, settings.MaxMessageSize, cancellationToken) is { } error)
            {
                await file.DisposeAsync();
                return UnwrapResult.Fail(error);
            }
            var mapped = FileBackedMemory.Map(file);
            return UnwrapResult.Ok(mapped.Memory, mapped);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The "relayed" DSN for recipients that asked for success notices, sent before the 250 so that the client's retry
    /// after a failure here is the only way it can come twice. It is a courtesy: its failure does not fail the message.
    /// </summary>
    private async Task<string> RelayedNoticeAsync(SmtpTransaction transaction, IReadOnlyList<SmtpRecipient> notified, CancellationToken cancellationToken)
    {
        using var dsn = DeliveryStatusNotifications.Relayed(transaction.ReversePath,
            [.. notified.Select(r => (r.Address, r.OriginalRecipientType, r.OriginalRecipient))], transaction.Parameters.EnvelopeId,
            DeliveryStatusNotifications.Domain(X400EnvelopeFactory.DomainOf(addresses.GatewayAddress)), settings.Hostname, transaction.ReceivedAt, time.GetUtcNow());
        dkim.Apply(dsn);
        var result = await nextHop.SendAsync(dsn, "", [new SmtpRecipient(transaction.ReversePath)], new MailParameters(BodyType.SevenBit), cancellationToken);
        return result.Accepted ? $"; relayed DSN to <{transaction.ReversePath}>" : $"; relayed DSN to <{transaction.ReversePath}> not sent: {result.Reply}";
    }

    private async Task<SmtpReply> ToSmtpAsync(SmtpTransaction transaction, MimeMessage message, Classification classification,
        List<SmtpRecipient> recipients, long started, CancellationToken cancellationToken)
    {
        const string direction = "smtp-to-smtp";
        // Only the gateway may speak in its trace headers; a forged one from outside would be believed downstream.
        TraceHeaders.Strip(message);
        if (boundary.OutcomeOf(transaction) is { } authentication) message.Headers.Insert(0, new Header("Authentication-Results", authentication.HeaderValue));
        message.Headers.Insert(0, new Header(HeaderId.Received, ReceivedHeader(transaction, recipients)));
        var result = await nextHop.SendAsync(message, transaction.ReversePath, recipients, transaction.Parameters, cancellationToken);
        var kind = classification.IsValid ? classification.Kind : MessageKind.Mime;
        switch (result.Outcome)
        {
            case NextHopOutcome.Accepted:
                await DecideAsync(transaction, direction, kind, recipients, "relayed", result.Reply, started);
                return new SmtpReply(250, "2.0.0", $"from next hop: {result.Reply}");
            case NextHopOutcome.TransientFailure:
                await DecideAsync(transaction, direction, kind, recipients, "deferred", result.Reply, started);
                return new SmtpReply(451, result.EnhancedCode, $"Next hop failed, try again later: {result.Reply}");
            default:
                await DecideAsync(transaction, direction, kind, recipients, "rejected", result.Reply, started);
                return new SmtpReply(554, result.EnhancedCode, $"Next hop refused the message: {result.Reply}");
        }
    }

    private string ReceivedHeader(SmtpTransaction transaction, IReadOnlyList<SmtpRecipient> recipients)
    {
        var client = transaction.Session.Client;
        var forClause = recipients.Count == 1 ? $" for <{recipients[0].Address}>" : "";
        // RFC 3848: ESMTPS with TLS, ESMTPSA when the client also authenticated (AUTH is only offered inside TLS).
        var protocol = transaction.Session switch
        {
            { AuthenticatedUser: not null } => "ESMTPSA",
            { Tls: not null } => "ESMTPS",
            _ => "ESMTP",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $" from {transaction.Session.HeloName} ([{client?.Address}]) by {settings.Hostname} (CMS-X.400 Gateway) with {protocol} id {transaction.Id}{forClause}; {DateUtils.FormatDate(transaction.ReceivedAt)}");
    }

    private async Task DecideAsync(SmtpTransaction transaction, string direction, MessageKind kind, IReadOnlyList<SmtpRecipient> recipients,
        string action, string reason, long started, IReadOnlyList<string>? cms = null, string? contentType = null, string? label = null,
        SecurityFindings? security = null)
    {
        security ??= SecurityFindings.NotChecked;
        var record = new AuditRecord
        {
            Time = time.GetUtcNow(),
            Id = transaction.Id,
            Direction = direction,
            From = transaction.ReversePath,
            To = [.. recipients.Select(r => r.Address)],
            Kind = kind.ToName(),
            Cms = cms ?? [],
            ContentType = contentType,
            Action = action,
            Reason = reason,
            Size = transaction.Size,
            Source = transaction.Session.Client?.ToString(),
            Forwarded = transaction.Forward.IsEmpty ? null : transaction.Forward,
            Label = label,
            Tls = transaction.Session.Tls,
            AuthenticatedUser = transaction.Session.AuthenticatedUser,
            Authentication = boundary.OutcomeOf(transaction)?.Summary,
        }.WithSecurity(security);
        await audit.WriteAsync(record, CancellationToken.None);
        metrics.Decided(record, Stopwatch.GetElapsedTime(started));
        var client = transaction.Forward.IsEmpty
            ? $"[{transaction.Session.Client?.Address}]"
            : $"{transaction.Forward.Name ?? "unknown"}[{transaction.Forward.Address ?? "unknown"}]";
        LogDecision(logger, transaction.Id, direction, client, transaction.ReversePath, string.Join(",", recipients.Select(r => r.Address)), kind.ToName(), action, reason);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "{Id}: {Direction} client={Client} from=<{From}> to=<{To}> kind={Kind} action={Action} reason={Reason}")]
    private static partial void LogDecision(ILogger logger, string id, string direction, string client, string from, string to, string kind, string action,
        string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "{Id}: X.400 transport unavailable: {Why}")]
    private static partial void LogX400Unavailable(ILogger logger, string id, string why);
}
