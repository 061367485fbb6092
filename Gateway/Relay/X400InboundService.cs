using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.EmailAuth.Dkim;
using Gateway.Mime;
using Gateway.Reports;
using Gateway.Operations;
using Gateway.Smtp;
using Gateway.Smtp.Client;
using Gateway.X400;
using Gateway.X400.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Gateway.Certificates;
using Gateway.Cms;
using Gateway.Cms.Enveloping;
using Gateway.Cms.Verification;
using Gateway.X400.Mapping;

namespace Gateway.Relay;

/// <summary>
/// The X.400 → SMTP direction: takes each waiting message from the X.400 transport, converts it and sends it to
/// the SMTP next hop. The transport's copy is removed only after the next hop said 250; a message the next hop
/// refuses for now stays and is tried again later, with a growing pause; one that can never be delivered is put
/// aside with the reason.
/// </summary>
public sealed partial class X400InboundService(
    IX400Transport x400,
    X400ToSmtpConverter converter,
    ResilientNextHop nextHop,
    AuditLog audit,
    GatewayMetrics metrics,
    InboundSettings settings,
    RelaySettings policy,
    SecurityRoutes routes,
    SecurityCheck security,
    CertificateService certificates,
    OutgoingDkim dkim,
    GatewayIdentity identity,
    MixerMapping addresses,
    ILogger<X400InboundService> logger,
    TimeProvider time) : BackgroundService
{
    private const string Direction = "x400-to-smtp";
    private readonly ConcurrentDictionary<string, (int Attempts, DateTimeOffset NotBefore)> _backoff = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await ScanAsync(stoppingToken);
                await x400.WaitForArrivalAsync(settings.PollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: a message being sent is left in place and taken again at the next start
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken };
            // Several at once: each waits mostly on the next hop, and one slow message must not hold up the rest.
            await Parallel.ForEachAsync(x400.PendingAsync(name => !_backoff.TryGetValue(name, out var b) || b.NotBefore <= now, cancellationToken), parallel,
                async (item, token) =>
                {
                    using var done = item; // a mapped file is let go once the message is dealt with
                    try
                    {
                        await ProcessAsync(item, token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One message must not stop the direction: give it back and let the back-off decide when to retry.
                        LogProcessingFailed(logger, item.Name, e);
                        _backoff[item.Name] = (10, time.GetUtcNow() + TimeSpan.FromMinutes(5));
                        await x400.ReleaseAsync(item, token);
                    }
                });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogScanFailed(logger, e.Message);
        }
    }

    /// <summary>Handing a message to SMTP is both its transfer out of the MTS and its delivery: either criticality applies here.</summary>
    private const Criticality CriticalHere = Criticality.ForTransfer | Criticality.ForDelivery;

    /// <summary>
    /// The first extension, of the envelope or of a recipient, that is critical here and that the gateway does not act on
    /// (it understands only the content correlator, which it carries into reports): X.411 forbids ignoring such an extension.
    /// </summary>
    private static P1Extension? UnsupportedCritical(P1Envelope envelope) =>
        envelope.Extensions.Concat(envelope.Recipients.SelectMany(r => r.Extensions))
            .FirstOrDefault(e => (e.Criticality & CriticalHere) != 0 && e.Type.StandardNumber != StandardExtensions.ContentCorrelator);

    private static string Stages(Criticality criticality) =>
        criticality == CriticalHere ? "transfer and delivery" : criticality == Criticality.ForTransfer ? "transfer" : "delivery";

    internal async Task ProcessAsync(X400InboundItem item, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (item.RefusedBecause is { } refused)
        {
            await FailAsync(item, refused, "", [], MessageKind.X400Content, null, started, cancellationToken);
            return;
        }
        MtsApdu apdu;
        try
        {
            apdu = MtsApduCodec.DecodeApdu(item.Apdu);
        }
        catch (X400DecodeException e)
        {
            await FailAsync(item, $"cannot decode the MTS-APDU: {e.Message}", "", [], MessageKind.X400Content, null, started, cancellationToken);
            return;
        }
        if (apdu is P1Report report)
        {
            await ReportToSmtpAsync(item, report, started, cancellationToken);
            return;
        }
        var p1 = (P1Message)apdu;
        if (UnsupportedCritical(p1.Envelope) is { } critical)
        {
            await ReturnAsync(item, p1, $"{critical.Type} is critical for {Stages(critical.Criticality & CriticalHere)} and this gateway does not implement it; X.411 does not let it be ignored",
                new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.UnsupportedCriticalFunction), null, started, cancellationToken);
            return;
        }
        var originatorText = p1.Envelope.Originator.Address.ToString();
        string? decryptedNote = null;
        if (Decryptable(p1) is { } decryptRoute)
        {
            if (!X400ContentDecryptor.TryDecrypt(p1.Content, identity.Decryption, out var innerType, out var inner, out var decryptError))
            {
                // Not an error of the message: it may be for someone else. It goes on encrypted, as the route cannot help.
                decryptedNote = $"not decrypted (route {decryptRoute.Name}): {decryptError}";
            }
            else
            {
                p1 = Decrypted(p1, innerType, inner);
                decryptedNote = $"decrypted by the gateway (route {decryptRoute.Name})";
            }
        }
        if (!converter.TryConvert(p1, out var converted, out var error))
        {
            await ReturnAsync(item, p1, error, new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTypeNotSupported),
                null, started, cancellationToken);
            return;
        }
        // MimeKit's entities have finalizers: a message not disposed outlives a collection with its whole tree (see MessageRelay).
        try
        {
            if (converted.Recipients.Count == 0)
            {
                await ReturnAsync(item, p1, $"{LoopingWhy(converted)}: every recipient is an X.400 user, and SMTP would bring the message back into X.400, a loop",
                    Loop, converted, started, cancellationToken);
                return;
            }
            var findings = SecurityFindings.NotChecked;
            if (converted.Cms is { } inspection)
            {
                var recipient = p1.Envelope.Recipients.FirstOrDefault(r => r.Indicators.HasFlag(PerRecipientIndicators.Responsibility));
                var route = routes.For(MailDirection.ToSmtp, converted.Recipients[0], recipient?.Name.Address);
                if (route.StripCertificates && await ReattachedAsync(p1, cancellationToken) is { } reattached
                    && converter.TryConvert(reattached.Message, out var withCertificates, out _) && withCertificates.Cms is { } reinspected)
                {
                    p1 = reattached.Message;
                    converted.Message.Dispose();
                    converted = withCertificates;
                    inspection = reinspected;
                    decryptedNote = decryptedNote is null ? reattached.Note : $"{decryptedNote}; {reattached.Note}";
                }
                findings = await security.CheckAsync(p1.Content, inspection, route, cancellationToken);
                if (findings.DirectoryUnavailable is { } unavailable && policy.RejectInvalidSignature)
                {
                    await DeferAsync(item, $"signer certificate not at hand and {unavailable}", converted, started, findings, cancellationToken);
                    return;
                }
                // No SMTP reply can refuse it here: the file goes aside with the reason and the originator gets a non-delivery report.
                var refusal = findings.Signature == SignatureStatus.Invalid && policy.RejectInvalidSignature
                    ? $"signature invalid: {findings.Reason}"
                    : findings.OriginatorMatch == false && policy.RejectOriginatorMismatch
                        ? $"originator does not match the signer (RFC 3854 section 4.3): {findings.OriginatorDetail}"
                        : null;
                if (refusal is not null)
                {
                    await ReturnAsync(item, p1, refusal, new NonDeliveryReport(NonDeliveryReasonCode.TransferFailureForSecurityReason,
                        NonDeliveryDiagnosticCode.SecureMessagingError), converted, started, cancellationToken, findings);
                    return;
                }
            }
            if (decryptedNote is not null)
            {
                findings = findings with { Reason = findings == SecurityFindings.NotChecked ? decryptedNote : $"{findings.Reason}; {decryptedNote}" };
            }
            TraceHeaders.Add(converted.Message, findings);
            dkim.Apply(converted.Message); // last: nothing may change the message after it is signed
            var result = await nextHop.SendAsync(converted.Message, converted.ReversePath, [.. converted.Recipients.Select(r => new SmtpRecipient(r))],
                new MailParameters(converted.Body), cancellationToken);
            switch (result.Outcome)
            {
                case NextHopOutcome.Accepted:
                    // Reported only once the others are delivered: a deferral would otherwise report them again at every retry.
                    var looping = await ReportLoopingAsync(item, p1, converted, cancellationToken);
                    await x400.CompleteAsync(item, cancellationToken);
                    _backoff.TryRemove(item.Name, out _);
                    await RecordAsync(item, p1.Envelope.MessageIdentifier.LocalIdentifier, "relayed", result.Reply + looping, converted, started, findings);
                    break;
                case NextHopOutcome.TransientFailure when Expired(item) is { } age:
                    await ReturnAsync(item, p1, $"not delivered within {settings.MaxLifetime} ({age:%d}d {age:hh\\:mm} since it was handed over); last: {result.Reply}",
                        new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.MaximumTimeExpired), converted, started,
                        cancellationToken, findings);
                    break;
                case NextHopOutcome.TransientFailure:
                    await BackOffAsync(item, cancellationToken);
                    await RecordAsync(item, p1.Envelope.MessageIdentifier.LocalIdentifier, "deferred", result.Reply, converted, started, findings);
                    break;
                default:
                    await ReturnAsync(item, p1, $"the SMTP next hop refused the message: {result.Reply}", ReportStatus.ForSmtpFailure(result.EnhancedCode), converted,
                        started, cancellationToken, findings, result.Reply);
                    break;
            }
        }
        finally
        {
            converted.Message.Dispose();
        }
    }

    private static readonly NonDeliveryReport Loop = new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.LoopDetected);

    private string LoopingWhy(SmtpBoundMessage converted) =>
        $"{string.Join(", ", converted.LoopingRecipients.Select(r => $"<{addresses.ToMailbox(r.Name)}>"))} maps to no Internet mailbox";

    /// <summary>A non-delivery report (loop detected) for the recipients SMTP cannot take; the audit reason's tail.</summary>
    private async Task<string> ReportLoopingAsync(X400InboundItem item, P1Message p1, SmtpBoundMessage converted, CancellationToken cancellationToken)
    {
        if (converted.LoopingRecipients.Count == 0) return "";
        var why = $"{LoopingWhy(converted)}: an X.400 user, whom SMTP would bring back into X.400";
        var report = await SubmitNonDeliveryAsync(item, p1, converted.LoopingRecipients, Loop, why, cancellationToken);
        if (report is null) return $"; not delivered to {why} (no report requested)";
        return $"; not delivered to {why}: non-delivery report {report.Envelope.ReportIdentifier.LocalIdentifier} to {p1.Envelope.Originator.Address}";
    }

    private async Task RecordAsync(X400InboundItem item, string id, string action, string reason, SmtpBoundMessage converted, long started, SecurityFindings findings)
    {
        var record = new AuditRecord
        {
            Time = time.GetUtcNow(),
            Id = id,
            Direction = Direction,
            From = converted.ReversePath,
            To = converted.Recipients,
            Kind = converted.Kind.ToName(),
            Cms = converted.Cms?.Layers ?? [],
            ContentType = converted.ContentType,
            Action = action,
            Reason = reason,
            Size = item.Apdu.Length,
            Source = item.Name,
        }.WithSecurity(findings);
        await audit.WriteAsync(record, CancellationToken.None);
        metrics.Decided(record, Stopwatch.GetElapsedTime(started));
        LogDecision(logger, record.Id, item.Name, record.From, string.Join(",", record.To), record.Kind, record.Action, record.Reason ?? "");
    }

    /// <summary>The route asking to decrypt this message, when its content is an EnvelopedData; else null.</summary>
    private SecurityRoute? Decryptable(P1Message p1)
    {
        if (identity.Decryption.Count == 0 || p1.Envelope.ContentType.Oid != X400Oids.ContentInfo) return null;
        if (CmsInspector.Inspect(p1.Content, converter.Limits).OuterLayer != CmsLayer.EnvelopedData) return null;
        return p1.Envelope.Recipients
            .Select(r => routes.For(MailDirection.ToSmtp, addresses.ToMailbox(r.Name), r.Name.Address))
            .FirstOrDefault(r => r.Decrypt);
    }

    /// <summary>
    /// The message as if it had arrived unencrypted: a signed inner layer becomes signed-x400 again (wrapped back into a
    /// ContentInfo), any other declared type is the X.400 content itself.
    /// </summary>
    private static P1Message Decrypted(P1Message p1, string innerType, byte[] inner)
    {
        if (innerType == OutboundProtection.IdSignedData)
        {
            var w = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier(OutboundProtection.IdSignedData);
                using (w.PushSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, true))) w.WriteEncodedValue(inner);
            }
            return new P1Message(p1.Envelope with
            {
                OriginalEncodedInformationTypes = new EncodedInformationTypes(BuiltInEncodedInformationTypes.None, [X400Oids.EitSignedX400]),
            }, w.Encode());
        }
        return new P1Message(p1.Envelope with { ContentType = X400ContentType.FromOid(innerType), OriginalEncodedInformationTypes = null }, inner);
    }

    private async Task FailAsync(X400InboundItem item, string why, string from, IReadOnlyList<string> to, MessageKind kind, string? contentType,
        long started, CancellationToken cancellationToken, SecurityFindings? findings = null)
    {
        await x400.RejectAsync(item, why, cancellationToken);
        await RecordAsideAsync(item, "rejected", why, from, to, kind, contentType, started, findings);
    }

    /// <summary>Back into <c>in/</c> for a later attempt, with the reason audited: a temporary condition of the gateway's, not of the message.</summary>
    private async Task DeferAsync(X400InboundItem item, string why, SmtpBoundMessage converted, long started, SecurityFindings findings,
        CancellationToken cancellationToken)
    {
        await BackOffAsync(item, cancellationToken);
        await RecordAsideAsync(item, "deferred", why, converted.ReversePath, converted.Recipients, converted.Kind, converted.ContentType, started, findings);
    }

    private async Task BackOffAsync(X400InboundItem item, CancellationToken cancellationToken)
    {
        var attempts = _backoff.TryGetValue(item.Name, out var b) ? b.Attempts + 1 : 1;
        // Doubling from 2 s up to the configured ceiling, with ±20 % jitter so a backlog does not retry in lockstep.
        var pause = TimeSpan.FromSeconds(Math.Min(settings.MaxRetryInterval.TotalSeconds, Math.Pow(2, Math.Min(attempts, 30))) * (0.8 + 0.4 * Random.Shared.NextDouble()));
        _backoff[item.Name] = (attempts, time.GetUtcNow() + pause);
        await x400.ReleaseAsync(item, cancellationToken);
    }

    private async Task RecordAsideAsync(X400InboundItem item, string action, string why, string from, IReadOnlyList<string> to, MessageKind kind,
        string? contentType, long started, SecurityFindings? findings)
    {
        var record = new AuditRecord
        {
            Time = time.GetUtcNow(),
            Id = Path.GetFileNameWithoutExtension(item.Name),
            Direction = Direction,
            From = from,
            To = to,
            Kind = kind.ToName(),
            ContentType = contentType,
            Action = action,
            Reason = why,
            Size = item.Apdu.Length,
            Source = item.Name,
        }.WithSecurity(findings ?? SecurityFindings.NotChecked);
        await audit.WriteAsync(record, CancellationToken.None);
        metrics.Decided(record, Stopwatch.GetElapsedTime(started));
        LogDecision(logger, record.Id, item.Name, from, string.Join(",", to), record.Kind, action, why);
    }

    /// <summary>
    /// A slow-link route's SignedData with the signers' chains put back from the certificate directories, so SMTP
    /// recipients can verify without a directory of their own; null when nothing was missing or nothing was found.
    /// </summary>
    private async Task<(P1Message Message, string Note)?> ReattachedAsync(P1Message p1, CancellationToken cancellationToken)
    {
        var missing = SignedDataCertificates.SignersWithoutCertificate(p1.Content);
        if (missing.Count == 0) return null;
        var chain = new List<Org.BouncyCastle.X509.X509Certificate>();
        string? unavailable = null;
        foreach (var signer in missing)
        {
            var (found, why) = await certificates.ChainForAsync(signer, cancellationToken);
            chain.AddRange(found);
            unavailable ??= why;
        }
        if (chain.Count == 0 || SignedDataCertificates.Attach(p1.Content, chain) is not { } attached) return null;
        var note = $"{chain.Count} certificate{(chain.Count == 1 ? "" : "s")} re-attached from the certificate store or directory ({p1.Content.Length} -> {attached.Length} octets)";
        return (p1 with { Content = attached }, unavailable is null ? note : $"{note}; {unavailable}");
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Information,
        Message = "{Id}: x400-to-smtp file={File} from=<{From}> to=<{To}> kind={Kind} action={Action} reason={Reason}")]
    private static partial void LogDecision(ILogger logger, string id, string file, string from, string to, string kind, string action, string reason);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "{File}: processing failed; released for a later attempt")]
    private static partial void LogProcessingFailed(ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error, Message = "cannot scan the X.400 inbound directory: {Why}")]
    private static partial void LogScanFailed(ILogger logger, string why);
}
