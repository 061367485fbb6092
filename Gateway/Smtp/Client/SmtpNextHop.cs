using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Gateway.Smtp.Client;

/// <summary>
/// Delivers a message to the SMTP next hop with MailKit, using the SMTP envelope it is given (never the
/// headers): DSN parameters, BODY and SMTPUTF8 travel as far as the next hop's EHLO allows. The result says
/// whether the next hop took it, so that the gateway's own reply can say the same.
/// </summary>
public sealed partial class SmtpNextHop(NextHopOptions options, ILogger<SmtpNextHop> logger) : IAsyncDisposable
{
    // Connections to the next hop are cached between messages (most recently used last), as Postfix's smtp client does:
    // a connection per message cost a TCP handshake, a greeting and EHLO each time.
    private readonly List<(EnvelopeSmtpClient Client, long Since)> _idle = [];
    private readonly List<EnvelopeSmtpClient> _stale = [];
    private bool _disposed;
    private Timer? _sweep;

    // Every SMTP session relays while its client waits, so without a bound there would be as many connections to the next
    // hop as sessions: with more sessions than the cache keeps, each message beyond it opened a connection and closed it
    // again (integration/bench, 100 sessions of pass-through: 1,211 msgs/s, against 2,767 at 20). Postfix's smtp client
    // has the same bound per destination (default_destination_concurrency_limit, 20).
    private readonly SemaphoreSlim _connections = new(options.MaxConnections, options.MaxConnections);

    private static readonly FormatOptions WireFormat = CreateWireFormat();

    // Once per loss rather than per message: a next hop without DSN drops them for every message alike.
    private int _dsnDropReported;
    private int _orcptLossReported;

    public async Task<NextHopResult> SendAsync(MimeMessage message, string reversePath, IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reversePath);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(parameters);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one recipient.", nameof(recipients));
        }

        var where = string.Create(CultureInfo.InvariantCulture, $"{options.EndPoint.Host}:{options.EndPoint.Port}");
        var (sender, mailboxes, malformed) = CreateMailboxes(reversePath, recipients);
        if (malformed is not null)
        {
            return malformed;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await _connections.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Transient(where, string.Create(CultureInfo.InvariantCulture,
                $"all {options.MaxConnections} connections to it stayed busy for {options.Timeout.TotalSeconds:0.#} s"), "4.4.5");
        }
        try
        {
            return await SendOnAConnectionAsync(message, sender, mailboxes, recipients, parameters, where, cancellationToken, timeout.Token);
        }
        finally
        {
            _connections.Release();
        }
    }

    private async Task<NextHopResult> SendOnAConnectionAsync(MimeMessage message, MailboxAddress sender, IReadOnlyList<MailboxAddress> mailboxes,
        IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters, string where, CancellationToken cancellationToken, CancellationToken deadline)
    {
        for (var attempt = 1; ; attempt++)
        {
            EnvelopeSmtpClient? client = null;
            var reused = false;
            try
            {
                (client, reused) = await ConnectionAsync(fresh: attempt > 1, deadline);
                var format = WireFormat.Clone();
                if (Negotiate(client, format, message, sender, mailboxes, recipients, parameters, where) is { } refusal)
                {
                    Release(client, where); // nothing was sent: the connection is as good as before
                    return refusal;
                }

                client.UseEnvelope(parameters, mailboxes.Zip(recipients, KeyValuePair.Create));
                var reply = await client.SendAsync(format, message, sender, mailboxes, deadline);

                // The message is the next hop's now: whatever happens to the connection must not turn into a retry and a duplicate.
                Release(client, where);
                return new NextHopResult(NextHopOutcome.Accepted, reply, EnhancedStatus.FromReply(250, reply));
            }
            catch (Exception e) when (reused && attempt == 1 && e is IOException or SmtpProtocolException or ServiceNotConnectedException
                                      && !cancellationToken.IsCancellationRequested)
            {
                // A cached connection the next hop had closed meanwhile: once more on a new one. (Had the next hop taken the
                // message before the connection broke, this would send it twice — as any MTA that retries would.)
                Discard(client, where);
            }
            catch (SmtpCommandException e)
            {
                Discard(client, where);
                var code = (int)e.StatusCode;
                var said = e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && e.Mailbox is { } refused
                    ? $"{where} refused <{refused.Address}>: {code} {e.Message.Trim()}"
                    : $"{where} said {code} {e.Message.Trim()}";
                LogRefused(logger, where, code, e.Message);
                return new NextHopResult(code >= 500 ? NextHopOutcome.PermanentFailure : NextHopOutcome.TransientFailure, said,
                    EnhancedStatus.FromReply(code >= 500 ? code : 400, e.Message));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Discard(client, where);
                return Transient(where, "timed out", "4.4.2");
            }
            catch (SocketException e)
            {
                Discard(client, where);
                return Transient(where, e.Message, "4.4.1");
            }
            catch (Exception e) when (e is IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
            {
                Discard(client, where);
                return Transient(where, e.Message, "4.4.2");
            }
            catch
            {
                Discard(client, where);
                throw;
            }
        }
    }

    /// <summary>A cached connection that has not been idle too long, or a new one.</summary>
    private async Task<(EnvelopeSmtpClient Client, bool Reused)> ConnectionAsync(bool fresh, CancellationToken cancellationToken)
    {
        while (!fresh)
        {
            EnvelopeSmtpClient? cached = null;
            lock (_idle)
            {
                if (_idle.Count > 0)
                {
                    var last = _idle[^1];
                    _idle.RemoveAt(_idle.Count - 1);
                    if (Stopwatch.GetElapsedTime(last.Since) < options.ConnectionCacheTime) cached = last.Client;
                    else _stale.Add(last.Client);
                }
            }
            if (cached is null) break;
            if (cached.IsConnected) return (cached, true);
            cached.Dispose();
        }
        CloseStale();
        var client = new EnvelopeSmtpClient { LocalDomain = options.LocalHostname, Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            // Our own socket, with Nagle off: the end of DATA is a small write after a large one, and with Nagle it waits
            // for the peer's delayed ACK (~40 ms on Linux) — measured as a 50 ms stall per message by the benchmark.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(options.EndPoint, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            await client.ConnectAsync(socket, options.EndPoint.Host, options.EndPoint.Port, SecureSocketOptions.None, cancellationToken);
            return (client, false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Back into the cache for the next message, or closed with QUIT when the cache is full or off.</summary>
    private void Release(EnvelopeSmtpClient client, string where)
    {
        lock (_idle)
        {
            if (!_disposed && client.IsConnected && _idle.Count < options.ConnectionCacheSize)
            {
                _idle.Add((client, Stopwatch.GetTimestamp()));
                TakeStale();
                // Traffic may stop: then the sweep closes what is left, ConnectionCacheTime after it was cached.
                _sweep ??= new Timer(_ => Sweep(), null, options.ConnectionCacheTime, options.ConnectionCacheTime);
                client = null!;
            }
        }
        if (client is not null) Discard(client, where);
        CloseStale();
    }

    /// <summary>Moves the connections that have idled too long (the list is oldest first) to be closed; call under the lock.</summary>
    private void TakeStale()
    {
        while (_idle.Count > 0 && Stopwatch.GetElapsedTime(_idle[0].Since) >= options.ConnectionCacheTime)
        {
            _stale.Add(_idle[0].Client);
            _idle.RemoveAt(0);
        }
    }

    private void Sweep()
    {
        lock (_idle)
        {
            TakeStale();
        }
        CloseStale();
    }

    private void Discard(EnvelopeSmtpClient? client, string where)
    {
        if (client is not null) _ = CloseAsync(client, where);
    }

    private void CloseStale()
    {
        List<EnvelopeSmtpClient> stale;
        lock (_idle)
        {
            if (_stale.Count == 0) return;
            stale = [.. _stale];
            _stale.Clear();
        }
        foreach (var client in stale) _ = CloseAsync(client, "idle connection");
    }

    private async Task CloseAsync(EnvelopeSmtpClient client, string where)
    {
        if (client.IsConnected) await QuitQuietlyAsync(client, where);
        client.Dispose();
    }

    /// <summary>QUIT on every cached connection.</summary>
    public async ValueTask DisposeAsync()
    {
        List<EnvelopeSmtpClient> all;
        lock (_idle)
        {
            _disposed = true;
            _sweep?.Dispose();
            all = [.. _idle.Select(i => i.Client), .. _stale];
            _idle.Clear();
            _stale.Clear();
        }
        foreach (var client in all) await CloseAsync(client, "shutdown");
    }

    /// <summary>
    /// Fits the transaction to what the next hop advertised, or says why it cannot be sent there at all.
    /// Changes <paramref name="message"/> (transfer encodings only) and <paramref name="format"/>.
    /// </summary>
    private NextHopResult? Negotiate(EnvelopeSmtpClient client, FormatOptions format, MimeMessage message, MailboxAddress sender,
        IReadOnlyList<MailboxAddress> mailboxes, IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters, string where)
    {
        // RFC 3030 §3: BINARYMIME is only ever sent with BDAT. MailKit would send BDAT to a server that lists
        // BINARYMIME without CHUNKING; without BINARYMIME it stays on DATA and the content is converted below.
        if (client.Capabilities.HasFlag(SmtpCapabilities.BinaryMime) && !client.Capabilities.HasFlag(SmtpCapabilities.Chunking))
        {
            client.Capabilities &= ~SmtpCapabilities.BinaryMime;
        }
        // RFC 6531 §3.1 makes 8BITMIME part of SMTPUTF8; MailKit refuses International output without it.
        if (client.Capabilities.HasFlag(SmtpCapabilities.UTF8) && !client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime))
        {
            client.Capabilities &= ~SmtpCapabilities.UTF8;
        }
        var capabilities = client.Capabilities;

        if (NegotiateSmtpUtf8(capabilities, format, message, sender, mailboxes, parameters, where) is { } utf8Refusal)
        {
            return utf8Refusal;
        }
        if (NegotiateBody(capabilities, message, where) is { } bodyRefusal)
        {
            return bodyRefusal;
        }

        if (!capabilities.HasFlag(SmtpCapabilities.Dsn))
        {
            if (HasDsnParameters(recipients, parameters) && Interlocked.Exchange(ref _dsnDropReported, 1) == 0)
            {
                LogDsnDropped(logger, where);
            }
        }
        else
        {
            Interlocked.Exchange(ref _dsnDropReported, 0);
            if (recipients.FirstOrDefault(r => !EnvelopeSmtpClient.CarriesOriginalRecipient(r)) is { } lost
                && Interlocked.Exchange(ref _orcptLossReported, 1) == 0)
            {
                LogOriginalRecipientLost(logger, where, lost.Address, lost.OriginalRecipientType ?? "", lost.OriginalRecipient ?? "");
            }
        }
        return null;
    }

    private NextHopResult? NegotiateSmtpUtf8(SmtpCapabilities capabilities, FormatOptions format, MimeMessage message, MailboxAddress sender,
        IReadOnlyList<MailboxAddress> mailboxes, MailParameters parameters, string where)
    {
        var addresses = mailboxes.Prepend(sender).Select(m => m.Address).ToList();
        var offered = capabilities.HasFlag(SmtpCapabilities.UTF8);
        if (offered)
        {
            // MailKit adds SMTPUTF8 to MAIL by itself for a non-ASCII address; International covers the rest:
            // the client asked for it, or only the headers are UTF-8.
            format.International = parameters.SmtpUtf8 || addresses.Any(a => !Ascii.IsValid(a)) || ContentDowngrade.HasEightBitHeaders(message);
            return null;
        }

        // A non-ASCII domain has an ASCII form (MailKit sends its A-labels); a non-ASCII local part has none.
        var needs = addresses.FirstOrDefault(a => !Ascii.IsValid(LocalPart(a))) is { } address
            ? $"<{address}>"
            : ContentDowngrade.HasEightBitHeaders(message) ? "UTF-8 headers" : null;
        if (needs is not null)
        {
            LogNoSmtpUtf8(logger, where, needs);
            return new NextHopResult(NextHopOutcome.PermanentFailure,
                $"{where} does not support SMTPUTF8, needed for {needs} (RFC 6531 §3.2)", "5.6.7");
        }

        foreach (var mailbox in mailboxes.Prepend(sender))
        {
            try
            {
                _ = mailbox.GetAddress(idnEncode: true);
            }
            catch (ArgumentException)
            {
                return new NextHopResult(NextHopOutcome.PermanentFailure,
                    $"<{mailbox.Address}>: domain has no ASCII form for {where}, which does not support SMTPUTF8", ReferenceEquals(mailbox, sender) ? "5.1.7" : "5.1.3");
            }
        }
        return null;
    }

    private NextHopResult? NegotiateBody(SmtpCapabilities capabilities, MimeMessage message, string where)
    {
        var eightBit = capabilities.HasFlag(SmtpCapabilities.EightBitMime);
        var binary = capabilities.HasFlag(SmtpCapabilities.BinaryMime);
        if (!binary || !eightBit)
        {
            var changed = ContentDowngrade.Apply(message, eightBit);
            if (changed > 0)
            {
                LogDowngraded(logger, where, changed, eightBit ? "8BITMIME" : "7BIT");
            }
        }

        if (ContentDowngrade.FindUnfit(message, eightBit, binary) is { } unfit)
        {
            // RFC 3030 §3 / RFC 6152 §3: convert or return the message; signed content cannot be converted.
            var lacking = ContentDowngrade.FindUnfit(message, eightBit, binary: true) is null ? "BINARYMIME with CHUNKING" : "8BITMIME";
            LogUnconvertible(logger, where, unfit, lacking);
            return new NextHopResult(NextHopOutcome.PermanentFailure,
                $"{where} does not support {lacking}, and {unfit} content under a signature cannot be converted", "5.6.3");
        }
        return null;
    }

    /// <summary>
    /// MailKit's mailboxes for the envelope, made before connecting: a path MimeKit cannot parse is refused here
    /// rather than half-way through a transaction. An empty reverse-path becomes <c>MAIL FROM:&lt;&gt;</c>.
    /// </summary>
    private static (MailboxAddress Sender, IReadOnlyList<MailboxAddress> Recipients, NextHopResult? Malformed) CreateMailboxes(string reversePath,
        IReadOnlyList<SmtpRecipient> recipients)
    {
        var empty = new MailboxAddress("", "");
        MailboxAddress sender;
        try
        {
            sender = new MailboxAddress("", reversePath);
        }
        catch (ParseException e)
        {
            return (empty, [], new NextHopResult(NextHopOutcome.PermanentFailure, $"<{reversePath}>: {e.Message}", "5.1.7"));
        }

        var mailboxes = new List<MailboxAddress>(recipients.Count);
        foreach (var recipient in recipients)
        {
            try
            {
                mailboxes.Add(new MailboxAddress("", recipient.Address));
            }
            catch (ParseException e)
            {
                return (empty, [], new NextHopResult(NextHopOutcome.PermanentFailure, $"<{recipient.Address}>: {e.Message}", "5.1.3"));
            }
        }
        return (sender, mailboxes, null);
    }

    private static bool HasDsnParameters(IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters) =>
        parameters.Return != DsnReturn.Unspecified || parameters.EnvelopeId is not null
        || recipients.Any(r => r.Notify != DsnNotify.Unspecified || r.OriginalRecipient is not null);

    private static string LocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address : address[..at];
    }

    private async Task QuitQuietlyAsync(SmtpClient client, string where)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e) when (e is IOException or TimeoutException or SocketException or SmtpProtocolException or SmtpCommandException
                                  or OperationCanceledException or ServiceNotConnectedException)
        {
            LogQuitFailed(logger, where, e.Message);
        }
    }

    /// <param name="enhancedCode">RFC 3463: 4.4.1 no answer from host, 4.4.2 bad connection.</param>
    private NextHopResult Transient(string where, string why, string enhancedCode)
    {
        LogUnreachable(logger, where, why);
        return new NextHopResult(NextHopOutcome.TransientFailure, $"{where}: {why}", enhancedCode);
    }

    private static FormatOptions CreateWireFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
