using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Gateway.Smtp.Server.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server;

/// <summary>
/// One SMTP conversation (RFC 5321 with PIPELINING, SIZE, 8BITMIME, BINARYMIME, CHUNKING, STARTTLS,
/// ENHANCEDSTATUSCODES, DSN, SMTPUTF8, XFORWARD, AUTH): the command state machine over a duplex pipe. It owns no
/// message: the final reply to DATA or BDAT LAST is the handler's.
/// </summary>
public sealed partial class SmtpSession
{
    private readonly SmtpServerOptions _options;
    private readonly ISmtpTransactionHandler _handler;
    private readonly ILogger _logger;
    private readonly IPEndPoint? _client;
    private readonly string _sessionId;
    private readonly TimeProvider _time;
    private readonly ServerCertificateProvider? _certificates;
    private readonly SmtpServerMetrics? _metrics;
    private readonly bool _trusted;

    private IDuplexPipe _transport;
    private PipeWriter _output;
    private SmtpLineReader _input;
    private string? _tls;
    private Stream? _tlsStream;

    private string? _heloName;
    private bool _extended;
    private string? _reversePath;
    private MailParameters _mail = MailParameters.None;
    private XForwardAttributes _forward = XForwardAttributes.None;
    private readonly List<SmtpRecipient> _recipients = [];
    private Chunking? _chunking;
    private readonly SpoolFiles _spools;
    private readonly bool _ownsSpools;
    private int _errors;
    private int _pendingBytes;

    public SmtpSession(IDuplexPipe transport, IPEndPoint? client, SmtpServerOptions options, ISmtpTransactionHandler handler,
        ILogger logger, TimeProvider time, ServerCertificateProvider? certificates = null, string? implicitTls = null, SmtpServerMetrics? metrics = null, SpoolFiles? spools = null)
    {
        _ownsSpools = spools is null;
        _spools = spools ?? new SpoolFiles(options.TemporaryDirectory, keep: 1);
        _transport = transport;
        _output = transport.Output;
        _input = new SmtpLineReader(transport.Input, FlushAsync);
        _client = client;
        _options = options;
        _handler = handler;
        _logger = logger;
        _time = time;
        _certificates = certificates;
        _metrics = metrics;
        _tls = implicitTls;
        _trusted = options.IsTrusted(client?.Address);
        _sessionId = NewId();
    }

    private SmtpSessionInfo Info => new(_sessionId, _client, _heloName, _tls, _trusted, _authenticatedUser);

    private bool CanStartTls => _tls is null && _certificates is { IsEnabled: true };

    /// <summary>Runs the conversation until QUIT, the client leaves, a limit is hit, or <paramref name="shutdown"/> fires.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        Log.Connected(_logger, _sessionId, _client, _tls ?? "plaintext");
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
                    await CloseWithAsync(ShuttingDown);
                    return;
                }
                catch (OperationCanceledException)
                {
                    Log.Timeout(_logger, _sessionId, "command");
                    await CloseWithAsync(TimedOut);
                    return;
                }
                switch (read.status)
                {
                    case LineStatus.EndOfStream:
                        Log.LostConnection(_logger, _sessionId, _reversePath is null ? "idle" : "in transaction");
                        return;
                    case LineStatus.TooLong:
                        if (!await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: command line too long"))) return;
                        continue;
                    case LineStatus.BareNewline:
                        if (!await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: bare <LF> or <CR> received; commands end with <CR><LF>"))) return;
                        continue;
                    case LineStatus.InvalidUtf8:
                        if (!await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: command is not valid UTF-8"))) return;
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
            if (_chunking is not null) ReleaseChunking(_chunking);
            if (_ownsSpools) _spools.Dispose();
            if (_tlsStream is not null) await _tlsStream.DisposeAsync();
            Log.Disconnected(_logger, _sessionId);
        }
    }

    private SmtpReply ShuttingDown => new(421, "4.3.2", $"{_options.Hostname} Service shutting down, closing transmission channel");

    private SmtpReply TimedOut => new(421, "4.4.2", $"{_options.Hostname} Error: timeout exceeded");

    /// <returns>False when the session must end.</returns>
    private async Task<bool> ExecuteAsync(string line, CancellationToken shutdown)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..];
        if (line.Any(c => c < 32 && c != '\t' || c == 127))
        {
            return await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: command contains control characters"));
        }
        if (line.Any(c => c > 127) && verb is not ("MAIL" or "RCPT"))
        {
            return await ErrorAsync(new SmtpReply(500, "5.5.2", "Error: non-ASCII characters are allowed only in SMTPUTF8 addresses"));
        }
        if (_chunking is not null && verb is "MAIL" or "RCPT" or "DATA")
        {
            // RFC 3030 §2: once BDAT has started, only more BDAT (or RSET, or EHLO, which resets) belongs in the transaction.
            return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: BDAT transaction in progress; send BDAT or RSET"));
        }
        if (_options.RequireTls && _tls is null && verb is "MAIL" or "RCPT" or "DATA" or "BDAT" or "XFORWARD" or "VRFY" or "EXPN")
        {
            return await ErrorAsync(new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first"));
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
            case "BDAT":
                return await BdatAsync(argument, shutdown);
            case "STARTTLS":
                return await StartTlsAsync(argument, shutdown);
            case "XFORWARD":
                return await XForwardAsync(argument);
            // RFC 5321 §4.1.1.5, §4.1.1.10: RSET and QUIT take no argument (only NOOP's is to be ignored); VRFY needs one.
            case "RSET" or "QUIT" when argument.Length > 0:
                return await ErrorAsync(new SmtpReply(501, "5.5.4", $"Syntax: {verb}"));
            case "VRFY" when argument.Trim(' ').Length == 0:
                return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: VRFY address"));
            case "RSET":
                await ResetTransactionAsync();
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
                await ReplyAsync(new SmtpReply(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS"));
                return true;
            case "AUTH":
                return await AuthAsync(argument, shutdown);
            case "EXPN":
            case "TURN":
            case "ETRN":
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
        await ResetTransactionAsync();
        _heloName = name;
        _extended = extended;
        if (!extended)
        {
            await ReplyAsync(new SmtpReply(250, null, _options.Hostname));
            return true;
        }
        var keywords = new List<string>
        {
            _options.Hostname,
            "PIPELINING",
            string.Create(CultureInfo.InvariantCulture, $"SIZE {_options.MaxMessageSize}"),
            "8BITMIME",
            "BINARYMIME",
            "CHUNKING",
        };
        if (CanStartTls) keywords.Add("STARTTLS");
        // RFC 4954 §4: mechanisms that send the password in the clear are offered only inside TLS.
        if (CanAuthenticate) keywords.Add($"AUTH {Mechanisms}");
        // MIXER: the three X.400 priorities are what MT-PRIORITY values are mapped to (RFC 6710 Appendix A).
        keywords.AddRange(["ENHANCEDSTATUSCODES", "DSN", "SMTPUTF8", "MT-PRIORITY MIXER"]);
        if (_trusted) keywords.Add("XFORWARD NAME ADDR PORT PROTO HELO IDENT SOURCE");
        await ReplyAsync(new SmtpReply(250, null, keywords));
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
        var nonAscii = argument.Any(c => c > 127);
        if (!SmtpPath.TryParse(argument[5..], out var path, out var parameters, out var error, allowUtf8: nonAscii))
        {
            return await ErrorAsync(new SmtpReply(501, "5.1.7", $"Bad sender address syntax: {error}"));
        }
        if (parameters.Length > 0 && !_extended) return await ErrorAsync(new SmtpReply(555, "5.5.4", "Error: MAIL parameters need EHLO"));
        if (!EsmtpParameterParser.TryParseMail(parameters, _options.MaxMessageSize, out var mail, out var refusal))
        {
            if (refusal.Code == 552)
            {
                await ReplyAsync(refusal);
                return true;
            }
            return await ErrorAsync(refusal);
        }
        if (nonAscii && !mail.SmtpUtf8)
        {
            await ReplyAsync(new SmtpReply(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter"));
            return true;
        }
        _reversePath = path;
        _mail = mail;
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
        var nonAscii = rest.Any(c => c > 127);
        if (nonAscii && !_mail.SmtpUtf8)
        {
            await ReplyAsync(new SmtpReply(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter on MAIL"));
            return true;
        }
        string? path;
        string parameters;
        if (rest.StartsWith("<postmaster>", StringComparison.OrdinalIgnoreCase) && (rest.Length == 12 || rest[12] == ' '))
        {
            path = "postmaster";
            parameters = rest[12..].Trim(' ');
        }
        else if (!SmtpPath.TryParse(rest, out path, out parameters, out var error, allowUtf8: nonAscii) || path.Length == 0)
        {
            return await ErrorAsync(new SmtpReply(501, "5.1.3", $"Bad recipient address syntax: {error ?? "the null path is not a recipient"}"));
        }
        if (parameters.Length > 0 && !_extended) return await ErrorAsync(new SmtpReply(555, "5.5.4", "Error: RCPT parameters need EHLO"));
        if (!EsmtpParameterParser.TryParseRcpt(path, parameters, out var recipient, out var refusal))
        {
            return await ErrorAsync(refusal);
        }
        if (_recipients.Count >= _options.MaxRecipients)
        {
            await ReplyAsync(new SmtpReply(452, "4.5.3", "Error: too many recipients"));
            return true;
        }
        var policy = _handler.CheckRecipient(Info, path);
        if (policy is not null)
        {
            Log.RecipientRefused(_logger, _sessionId, path, policy.ToString());
            await ReplyAsync(policy);
            return true;
        }
        _recipients.Add(recipient);
        await ReplyAsync(new SmtpReply(250, "2.1.5", "Ok"));
        return true;
    }

    private async Task<bool> XForwardAsync(string argument)
    {
        if (_reversePath is not null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: MAIL transaction in progress"));
        if (!_trusted) return await ErrorAsync(new SmtpReply(550, "5.7.0", "Error: insufficient authorization for XFORWARD"));
        var forward = _forward;
        foreach (var (key, raw) in EsmtpParameterParser.Split(argument))
        {
            if (raw is null || !XText.TryDecode(raw, out var value))
            {
                return await ErrorAsync(new SmtpReply(501, "5.5.4", $"Bad XFORWARD attribute value for {key}"));
            }
            string? v = value is "[UNAVAILABLE]" or "[TEMPUNAVAIL]" ? null : value;
            XForwardAttributes? next = key switch
            {
                "NAME" => forward with { Name = v },
                "ADDR" => forward with { Address = v },
                "PORT" => forward with { Port = v },
                "PROTO" => forward with { Protocol = v },
                "HELO" => forward with { Helo = v },
                "IDENT" => forward with { Ident = v },
                "SOURCE" => forward with { Source = v },
                _ => null,
            };
            if (next is null) return await ErrorAsync(new SmtpReply(501, "5.5.4", $"Bad XFORWARD attribute name: {key}"));
            forward = next;
        }
        if (argument.Trim().Length == 0) return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: XFORWARD attribute=value..."));
        _forward = forward;
        await ReplyAsync(new SmtpReply(250, "2.0.0", "Ok"));
        return true;
    }

    private async Task ResetTransactionAsync()
    {
        _reversePath = null;
        _mail = MailParameters.None;
        _recipients.Clear();
        if (_chunking is not null)
        {
            // A BDAT transaction given up: its spool goes back, emptied.
            ReleaseChunking(_chunking);
            _chunking = null;
        }
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
        // RFC 2034 §3: enhanced codes go on every reply that has one, whether or not the client said EHLO.
        _pendingBytes += reply.WriteTo(_output);
        _metrics?.Replied(reply.Code);
        return ValueTask.CompletedTask;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingBytes == 0) return;
        _pendingBytes = 0;
        await _output.FlushAsync(cancellationToken);
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
