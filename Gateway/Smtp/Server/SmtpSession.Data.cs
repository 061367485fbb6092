using System.Globalization;

namespace Gateway.Smtp.Server;

public sealed partial class SmtpSession
{
    /// <summary>A BDAT transaction in progress: its spool and how much has arrived.</summary>
    private sealed class Chunking(string id, SpoolStream spool, DateTimeOffset receivedAt)
    {
        public SpoolStream Spool { get; } = spool;

        public string Id { get; } = id;
        public DateTimeOffset ReceivedAt { get; } = receivedAt;
        public long Size { get; set; }
    }

    private static void ReleaseChunking(Chunking chunking) => chunking.Spool.Dispose();

    private SpoolStream NewSpool() =>
        new(_spools, _options.MaxInMemoryMessageSize, new MessageContentCheck(_mail.Body == BodyType.BinaryMime, _options.MaxTextLineLength, _options.MaxHeaderSize));

    /// <summary>RFC 3463 4.3.1 (mail system full) with RFC 5321's 452: the client keeps the message and tries again later.</summary>
    private SmtpReply InsufficientStorage(string transactionId, string failure)
    {
        Log.SpoolFailed(_logger, _sessionId, transactionId, failure);
        return new SmtpReply(452, "4.3.1", "Insufficient system storage, try again later");
    }

    private async Task<bool> DataAsync(string argument, CancellationToken shutdown)
    {
        if (argument.Length > 0) return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: DATA"));
        if (_reversePath is null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: need MAIL command"));
        if (_mail.Body == BodyType.BinaryMime)
        {
            return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: BODY=BINARYMIME needs BDAT, not DATA (RFC 3030 section 3)"));
        }
        if (_recipients.Count == 0)
        {
            await ReplyAsync(new SmtpReply(554, "5.5.1", "Error: no valid recipients"));
            return true;
        }
        await ReplyAsync(new SmtpReply(354, null, "End data with <CR><LF>.<CR><LF>"));
        await FlushAsync(shutdown);

        var transactionId = NewId();
        var receivedAt = _time.GetUtcNow();
        using var spool = NewSpool();
        return await ReceiveDataAsync(spool, transactionId, receivedAt, shutdown);
    }

    private async Task<bool> ReceiveDataAsync(SpoolStream spool, string transactionId, DateTimeOffset receivedAt, CancellationToken shutdown)
    {
        DataReadResult data;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown))
        {
            timeout.CancelAfter(_options.DataTimeout);
            try
            {
                data = await _input.ReadDataAsync(spool, _options.MaxMessageSize, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Log.Timeout(_logger, _sessionId, "data");
                await ResetTransactionAsync();
                await CloseWithAsync(shutdown.IsCancellationRequested ? ShuttingDown : TimedOut);
                return false;
            }
        }
        if (!data.Complete)
        {
            Log.LostConnection(_logger, _sessionId, "during DATA");
            return false;
        }
        SmtpReply? refusal = data.TooBig ? new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit")
            : data.HasBareNewline ? MessageContentCheck.BareNewline(data.BareLineFeed ? "<LF>" : "<CR>")
            : spool.Failure is { } failure ? InsufficientStorage(transactionId, failure)
            : null;
        await FinishAsync(transactionId, spool, data.Size, receivedAt, refusal, shutdown);
        return true;
    }

    private async Task<bool> BdatAsync(string argument, CancellationToken shutdown)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || (parts.Length == 2 && !string.Equals(parts[1], "LAST", StringComparison.OrdinalIgnoreCase)))
        {
            // Without a size the chunk cannot be told from the commands that follow it: the session cannot go on.
            await CloseWithAsync(new SmtpReply(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]; closing the connection"));
            return false;
        }
        var last = parts.Length == 2;
        SmtpReply? refusal = null;
        if (_reversePath is null) refusal = new SmtpReply(503, "5.5.1", "Error: need MAIL command");
        else if (_recipients.Count == 0) refusal = new SmtpReply(554, "5.5.1", "Error: no valid recipients");
        if (refusal is not null)
        {
            // The chunk must still be read, or its octets would be taken as commands; the reply goes first, so that a
            // client that declared an endless chunk learns at once why nothing it sends will count.
            if (!await ErrorAsync(refusal)) return false;
            return await DiscardChunkAsync(size, shutdown);
        }

        if (_chunking is null)
        {
            var id = NewId();
            _chunking = new Chunking(id, NewSpool(), _time.GetUtcNow());
        }
        var chunking = _chunking;
        // Compared before adding: two chunk sizes near 2^63 would wrap the sum below the limit.
        if (size > _options.MaxMessageSize - chunking.Size)
        {
            // RFC 3030 §2: only a successful chunk gets 250; after this one the client sends no more, and the
            // octets already spooled are dropped.
            Log.MessageRefused(_logger, _sessionId, chunking.Id, "552 5.3.4 Message size exceeds fixed limit");
            await ResetTransactionAsync();
            _forward = XForwardAttributes.None;
            await ReplyAsync(new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit"));
            return await DiscardChunkAsync(size, shutdown);
        }
        chunking.Size += size;
        if (!await ReadChunkAsync(chunking.Spool, size, shutdown)) return false;
        if (!last)
        {
            await ReplyAsync(new SmtpReply(250, "2.0.0", string.Create(CultureInfo.InvariantCulture, $"{size} octets received")));
            return true;
        }
        _chunking = null;
        try
        {
            await FinishAsync(chunking.Id, chunking.Spool, chunking.Size, chunking.ReceivedAt,
                chunking.Spool.Failure is { } failure ? InsufficientStorage(chunking.Id, failure) : null, shutdown);
        }
        finally
        {
            ReleaseChunking(chunking);
        }
        return true;
    }

    /// <summary>Reads a refused chunk to nothing, after its reply has gone out.</summary>
    private async Task<bool> DiscardChunkAsync(long size, CancellationToken shutdown)
    {
        await FlushAsync(shutdown);
        return await ReadChunkAsync(null, size, shutdown);
    }

    private async Task<bool> ReadChunkAsync(Stream? output, long size, CancellationToken shutdown)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        timeout.CancelAfter(_options.DataTimeout);
        try
        {
            if (await _input.ReadChunkAsync(output, size, timeout.Token)) return true;
            Log.LostConnection(_logger, _sessionId, "during BDAT");
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.Timeout(_logger, _sessionId, "BDAT chunk");
            await ResetTransactionAsync();
            await CloseWithAsync(shutdown.IsCancellationRequested ? ShuttingDown : TimedOut);
            return false;
        }
    }

    /// <summary>The end of a transaction, however the content came: check it, hand it on, answer, start afresh.</summary>
    private async Task FinishAsync(string transactionId, SpoolStream spool, long size, DateTimeOffset receivedAt, SmtpReply? refusal,
        CancellationToken shutdown)
    {
        refusal ??= spool.Check.Complete();
        SmtpReply reply;
        if (refusal is not null)
        {
            reply = refusal;
        }
        else
        {
            _metrics?.MessageReceived(size);
            using var content = spool.OpenContent();
            var transaction = new SmtpTransaction(transactionId, Info, _reversePath!, [.. _recipients], content, size, spool.ContentSha256(), receivedAt)
            {
                Parameters = _mail,
                Forward = _forward,
            };
            try
            {
                reply = await _handler.HandleMessageAsync(transaction, shutdown);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A fault of the gateway, not a verdict on the message: without a reply the client cannot tell either, so it
                // hears 451 4.3.0, keeps the message and tries again (the session, and the gateway, go on).
                Log.HandlerFailed(_logger, _sessionId, transactionId, e);
                reply = new SmtpReply(451, "4.3.0", "Local error in processing, try again later");
            }
        }
        if (!reply.IsPositive) Log.MessageRefused(_logger, _sessionId, transactionId, reply.ToString());
        await ResetTransactionAsync();
        // XFORWARD attributes describe one transaction (Postfix XFORWARD_README).
        _forward = XForwardAttributes.None;
        await ReplyAsync(reply);
    }
}
