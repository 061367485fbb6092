using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server;

/// <summary>
/// One SMTP conversation (RFC 5321 with PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES): the command state
/// machine over a duplex pipe. It owns no message: the final reply to DATA is the handler's.
/// </summary>
public sealed partial class SmtpSession
{
    private readonly PipeWriter _output;
    private readonly SmtpLineReader _input;
    private readonly SmtpServerOptions _options;
    private readonly ISmtpTransactionHandler _handler;
    private readonly ILogger _logger;
    private readonly IPEndPoint? _client;
    private readonly string _sessionId;
    private readonly TimeProvider _time;

    private string? _heloName;
    private bool _extended;
    private string? _reversePath;
    private readonly List<SmtpRecipient> _recipients = [];
    private int _errors;
    private int _pendingBytes;

    public SmtpSession(IDuplexPipe transport, IPEndPoint? client, SmtpServerOptions options, ISmtpTransactionHandler handler,
        ILogger logger, TimeProvider time)
    {
        _output = transport.Output;
        _input = new SmtpLineReader(transport.Input, FlushAsync);
        _client = client;
        _options = options;
        _handler = handler;
        _logger = logger;
        _time = time;
        _sessionId = NewId();
    }

    private SmtpSessionInfo Info => new(_sessionId, _client, _heloName);

    /// <summary>Runs the conversation until QUIT, the client leaves, a limit is hit, or <paramref name="shutdown"/> fires.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        Log.Connected(_logger, _sessionId, _client);
        try
        {
            await ReplyAsync(new SmtpReply(220, null, $"{_options.Hostname} ESMTP CMS-X.400 Gateway"));
            while (true)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
                timeout.CancelAfter(_options.CommandTimeout);
                (LineStatus status, string line) read;
                try
                {
                    read = await _input.ReadLineAsync(_options.MaxCommandLineLength, timeout.Token);
                }
                catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
                {
                    await CloseWithAsync(new SmtpReply(421, "4.3.2", $"{_options.Hostname} Service shutting down, closing transmission channel"));
                    return;
                }
                catch (OperationCanceledException)
                {
                    Log.Timeout(_logger, _sessionId, "command");
                    await CloseWithAsync(new SmtpReply(421, "4.4.2", $"{_options.Hostname} Error: timeout exceeded"));
                    return;
                }
                switch (read.status)
                {
                    case LineStatus.EndOfStream:
                        Log.LostConnection(_logger, _sessionId, _reversePath is null ? "idle" : "in transaction");
                        return;
                    case LineStatus.TooLong:
                        if (!await ErrorAsync(new SmtpReply(500, "5.5.0", "Error: command line too long"))) return;
                        continue;
                    case LineStatus.BareLineFeed:
                        if (!await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: bare <LF> received; commands end with <CR><LF>"))) return;
                        continue;
                }
                if (!await ExecuteAsync(read.line, shutdown)) return;
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ObjectDisposedException or InvalidOperationException)
        {
            Log.LostConnection(_logger, _sessionId, e.Message);
        }
        finally
        {
            Log.Disconnected(_logger, _sessionId);
        }
    }

    /// <returns>False when the session must end.</returns>
    private async Task<bool> ExecuteAsync(string line, CancellationToken shutdown)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..];
        if (line.Any(c => c > 127 || (c < 32 && c != '\t')))
        {
            return await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: command contains non-ASCII or control characters"));
        }
        switch (verb)
        {
            case "EHLO":
            case "HELO":
                return await HelloAsync(verb == "EHLO", argument.Trim());
            case "MAIL":
                return await MailAsync(argument);
            case "RCPT":
                return await RcptAsync(argument);
            case "DATA":
                return await DataAsync(argument, shutdown);
            case "RSET":
                ResetTransaction();
                await ReplyAsync(new SmtpReply(250, "2.0.0", "Ok"));
                return true;
            case "NOOP":
                await ReplyAsync(new SmtpReply(250, "2.0.0", "Ok"));
                return true;
            case "QUIT":
                await CloseWithAsync(new SmtpReply(221, "2.0.0", "Bye"));
                return false;
            case "VRFY":
                await ReplyAsync(new SmtpReply(252, "2.0.0", "Cannot VRFY user; send some mail and it will be tried"));
                return true;
            case "HELP":
                await ReplyAsync(new SmtpReply(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"));
                return true;
            case "EXPN":
            case "TURN":
            case "ETRN":
            case "BDAT":
            case "STARTTLS":
            case "AUTH":
                return await ErrorAsync(new SmtpReply(502, "5.5.1", $"Error: {verb} is not implemented"));
            default:
                return await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: command not recognized"));
        }
    }

    private async Task<bool> HelloAsync(bool extended, string name)
    {
        if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal))
        {
            return await ErrorAsync(new SmtpReply(501, "5.5.4", $"Syntax: {(extended ? "EHLO" : "HELO")} hostname"));
        }
        ResetTransaction();
        _heloName = name;
        _extended = extended;
        if (!extended)
        {
            await ReplyAsync(new SmtpReply(250, null, _options.Hostname));
            return true;
        }
        await ReplyAsync(new SmtpReply(250, null,
        [
            _options.Hostname,
            "PIPELINING",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {_options.MaxMessageSize}"),
            "8BITMIME",
            "ENHANCEDSTATUSCODES",
        ]));
        return true;
    }

    private async Task<bool> MailAsync(string argument)
    {
        if (_heloName is null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: send HELO/EHLO first"));
        if (_reversePath is not null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: nested MAIL command"));
        if (!argument.StartsWith("FROM:", StringComparison.OrdinalIgnoreCase))
        {
            return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: MAIL FROM:<address>"));
        }
        if (!SmtpPath.TryParse(argument[5..], out var path, out var parameters, out var error))
        {
            return await ErrorAsync(new SmtpReply(501, "5.1.7", $"Bad sender address syntax: {error}"));
        }
        foreach (var parameter in SplitParameters(parameters))
        {
            var (key, value) = parameter;
            if (!_extended) return await ErrorAsync(new SmtpReply(555, "5.5.4", "Error: MAIL parameters need EHLO"));
            switch (key)
            {
                case "SIZE":
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    {
                        return await ErrorAsync(new SmtpReply(501, "5.5.4", "Bad SIZE parameter"));
                    }
                    if (size > _options.MaxMessageSize)
                    {
                        await ReplyAsync(new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit"));
                        return true;
                    }
                    break;
                case "BODY":
                    if (!string.Equals(value, "7BIT", StringComparison.OrdinalIgnoreCase) && !string.Equals(value, "8BITMIME", StringComparison.OrdinalIgnoreCase))
                    {
                        return await ErrorAsync(new SmtpReply(501, "5.5.4", "Bad BODY parameter: 7BIT or 8BITMIME"));
                    }
                    break;
                default:
                    return await ErrorAsync(new SmtpReply(555, "5.5.4", $"Unsupported option: {key}"));
            }
        }
        _reversePath = path;
        await ReplyAsync(new SmtpReply(250, "2.1.0", "Ok"));
        return true;
    }

    private async Task<bool> RcptAsync(string argument)
    {
        if (_reversePath is null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: need MAIL command"));
        if (!argument.StartsWith("TO:", StringComparison.OrdinalIgnoreCase))
        {
            return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: RCPT TO:<address>"));
        }
        var rest = argument[3..].TrimStart(' ');
        string? path;
        string parameters;
        if (rest.StartsWith("<postmaster>", StringComparison.OrdinalIgnoreCase))
        {
            path = "postmaster";
            parameters = rest[12..].Trim(' ');
        }
        else if (!SmtpPath.TryParse(rest, out path, out parameters, out var error) || path.Length == 0)
        {
            return await ErrorAsync(new SmtpReply(501, "5.1.3", $"Bad recipient address syntax: {error ?? "the null path is not a recipient"}"));
        }
        if (parameters.Length > 0)
        {
            return await ErrorAsync(new SmtpReply(555, "5.5.4", $"Unsupported option: {SplitParameters(parameters).First().Key}"));
        }
        if (_recipients.Count >= _options.MaxRecipients)
        {
            await ReplyAsync(new SmtpReply(452, "4.5.3", "Error: too many recipients"));
            return true;
        }
        var refusal = _handler.CheckRecipient(Info, path);
        if (refusal is not null)
        {
            Log.RecipientRefused(_logger, _sessionId, path, refusal.ToString());
            await ReplyAsync(refusal);
            return true;
        }
        _recipients.Add(new SmtpRecipient(path));
        await ReplyAsync(new SmtpReply(250, "2.1.5", "Ok"));
        return true;
    }

    private async Task<bool> DataAsync(string argument, CancellationToken shutdown)
    {
        if (argument.Length > 0) return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: DATA"));
        if (_reversePath is null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: need MAIL command"));
        if (_recipients.Count == 0)
        {
            await ReplyAsync(new SmtpReply(554, "5.5.1", "Error: no valid recipients"));
            return true;
        }
        await ReplyAsync(new SmtpReply(354, null, "End data with <CR><LF>.<CR><LF>"));
        await FlushAsync(shutdown);

        var transactionId = NewId();
        var receivedAt = _time.GetUtcNow();
        var file = new FileStream(Path.Combine(_options.TemporaryDirectory, $"{transactionId}.eml"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (file)
        {
            DataReadResult data;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown))
            {
                timeout.CancelAfter(_options.DataTimeout);
                try
                {
                    data = await _input.ReadDataAsync(file, _options.MaxMessageSize, timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Log.Timeout(_logger, _sessionId, "data");
                    ResetTransaction();
                    await CloseWithAsync(shutdown.IsCancellationRequested
                        ? new SmtpReply(421, "4.3.2", $"{_options.Hostname} Service shutting down, closing transmission channel")
                        : new SmtpReply(421, "4.4.2", $"{_options.Hostname} Error: timeout exceeded"));
                    return false;
                }
            }
            if (!data.Complete)
            {
                Log.LostConnection(_logger, _sessionId, "during DATA");
                return false;
            }
            SmtpReply reply;
            if (data.TooBig)
            {
                reply = new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit");
            }
            else if (data.HasBareNewline)
            {
                reply = new SmtpReply(550, "5.5.2", $"Message contains a bare {(data.BareLineFeed ? "<LF>" : "<CR>")}; lines must end with <CR><LF> (RFC 5321 section 2.3.8)");
            }
            else
            {
                file.Position = 0;
                var transaction = new SmtpTransaction(transactionId, Info, _reversePath, [.. _recipients], file, data.Size, receivedAt);
                reply = await _handler.HandleMessageAsync(transaction, shutdown);
            }
            if (!reply.IsPositive) Log.MessageRefused(_logger, _sessionId, transactionId, reply.ToString());
            ResetTransaction();
            await ReplyAsync(reply);
            return true;
        }
    }

    private void ResetTransaction()
    {
        _reversePath = null;
        _recipients.Clear();
    }

    /// <returns>False when the client has made too many errors and the session must end.</returns>
    private async Task<bool> ErrorAsync(SmtpReply reply)
    {
        await ReplyAsync(reply);
        if (++_errors < _options.MaxErrors) return true;
        await CloseWithAsync(new SmtpReply(421, "4.7.0", $"{_options.Hostname} Error: too many errors"));
        return false;
    }

    private async Task CloseWithAsync(SmtpReply reply)
    {
        await ReplyAsync(reply);
        await FlushAsync(CancellationToken.None);
    }

    private ValueTask ReplyAsync(SmtpReply reply)
    {
        var text = reply.Format(_extended);
        var count = Encoding.ASCII.GetBytes(text, _output.GetSpan(text.Length));
        _output.Advance(count);
        _pendingBytes += count;
        return ValueTask.CompletedTask;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingBytes == 0) return;
        _pendingBytes = 0;
        await _output.FlushAsync(cancellationToken);
    }

    private static IEnumerable<KeyValuePair<string, string>> SplitParameters(string parameters)
    {
        foreach (var p in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0
                ? new(p.ToUpperInvariant(), "")
                : new(p[..eq].ToUpperInvariant(), p[(eq + 1)..]);
        }
    }

    /// <summary>A short, unique, sortable id like Postfix's queue ids, for log lines and the audit log.</summary>
    internal static string NewId()
    {
        Span<byte> random = stackalloc byte[4];
        System.Security.Cryptography.RandomNumberGenerator.Fill(random);
        var ticks = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks & 0xFFFFFFFFFF:X10}{Convert.ToHexString(random)}");
    }
}
