using Gateway.Smtp.Auth;

namespace Gateway.Smtp.Server;

public sealed partial class SmtpSession
{
    /// <summary>RFC 4954's minimum for a line of the authentication exchange.</summary>
    private const int MaxSaslLineLength = 12288 + 2;

    private string? _authenticatedUser;
    private int _authFailures;

    private bool CanAuthenticate => _tls is not null && _options.Users is not null;

    /// <summary>
    /// SMTP AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN, only inside TLS. Neither the command's initial response nor
    /// any response line is ever logged or echoed: they carry the password.
    /// </summary>
    private async Task<bool> AuthAsync(string argument, CancellationToken shutdown)
    {
        if (_options.Users is not { } users) return await ErrorAsync(new SmtpReply(502, "5.5.1", "Error: AUTH is not implemented"));
        if (!_extended) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: send EHLO first"));
        if (_tls is null) return await ErrorAsync(new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism"));
        if (_authenticatedUser is not null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: already authenticated"));
        if (_reversePath is not null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: MAIL transaction in progress"));
        var parts = argument.Split(' ');
        if (argument.Length == 0 || parts.Length > 2 || parts.Any(p => p.Length == 0))
        {
            return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
        }
        var mechanism = parts[0].ToUpperInvariant();
        var initial = parts.Length == 2 ? parts[1] : null;
        string? user;
        string? password;
        switch (mechanism)
        {
            case "PLAIN":
                var plain = await SaslResponseAsync(initial, "", shutdown);
                if (plain.Message is null) return plain.Refusal is not null && await ErrorAsync(plain.Refusal);
                SaslPlain.TryDecode(plain.Message, out user, out password);
                break;
            case "LOGIN":
                // The draft-murchison-sasl-login prompts, "Username:" and "Password:".
                var name = await SaslResponseAsync(initial, "VXNlcm5hbWU6", shutdown);
                if (name.Message is null) return name.Refusal is not null && await ErrorAsync(name.Refusal);
                var secret = await SaslResponseAsync(null, "UGFzc3dvcmQ6", shutdown);
                if (secret.Message is null) return secret.Refusal is not null && await ErrorAsync(secret.Refusal);
                SaslPlain.TryText(name.Message, out user);
                SaslPlain.TryText(secret.Message, out password);
                break;
            default:
                return await ErrorAsync(new SmtpReply(504, "5.5.4", "Unrecognized authentication type"));
        }
        if (user is not null && password is not null && SmtpUsers.IsUserName(user) && await users.VerifyAsync(user, password, shutdown))
        {
            _authenticatedUser = user;
            Log.Authenticated(_logger, _sessionId, mechanism, user);
            await ReplyAsync(new SmtpReply(235, "2.7.0", "Authentication successful"));
            return true;
        }
        return await AuthFailedAsync(mechanism, shutdown);
    }

    /// <summary>
    /// One client response: the initial response when there is one ("=" is an empty one), else the answer to a 334
    /// challenge. A null message with a refusal ends the exchange with that reply; with neither the session is over.
    /// </summary>
    private async Task<(byte[]? Message, SmtpReply? Refusal)> SaslResponseAsync(string? initial, string challenge, CancellationToken shutdown)
    {
        var response = initial;
        if (response is null)
        {
            await ReplyAsync(new SmtpReply(334, null, challenge));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            timeout.CancelAfter(_options.CommandTimeout);
            (LineStatus Status, string Line) read;
            try
            {
                read = await _input.ReadLineAsync(MaxSaslLineLength, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                if (!shutdown.IsCancellationRequested) Log.Timeout(_logger, _sessionId, "an authentication response");
                await CloseWithAsync(shutdown.IsCancellationRequested ? ShuttingDown : TimedOut);
                return (null, null);
            }
            switch (read.Status)
            {
                case LineStatus.EndOfStream:
                    Log.LostConnection(_logger, _sessionId, "during AUTH");
                    return (null, null);
                case LineStatus.TooLong:
                    return (null, new SmtpReply(500, "5.5.6", "Authentication Exchange line is too long"));
                case LineStatus.Line:
                    break;
                default:
                    return (null, new SmtpReply(501, "5.5.2", "Cannot decode response"));
            }
            if (read.Line == "*") return (null, new SmtpReply(501, "5.7.0", "Authentication aborted"));
            response = read.Line;
        }
        if (response == "=") return ([], null);
        var decoded = new byte[response.Length];
        return Convert.TryFromBase64String(response, decoded, out var length) && response.Length > 0 && response.All(c => c is not (' ' or '\t'))
            ? (decoded[..length], null)
            : (null, new SmtpReply(501, "5.5.2", "Cannot decode response"));
    }

    /// <returns>False when the session has had too many failures and is closed.</returns>
    private async Task<bool> AuthFailedAsync(string mechanism, CancellationToken shutdown)
    {
        _authFailures++;
        // The delay runs from the failure itself, so its timer exists before the failure is logged or anything is
        // flushed: a reader of the log (a test on a fake clock, an operator) never sees a failure whose delay has not begun.
        var delay = Task.Delay(_options.AuthFailureDelay, _time, shutdown);
        Log.AuthenticationFailed(_logger, _sessionId, _client, mechanism, _authFailures);
        await FlushAsync(shutdown);
        try
        {
            await delay;
        }
        catch (OperationCanceledException)
        {
            await CloseWithAsync(ShuttingDown);
            return false;
        }
        await ReplyAsync(new SmtpReply(535, "5.7.8", "Error: authentication failed"));
        if (_authFailures < _options.MaxAuthFailures) return true;
        await CloseWithAsync(new SmtpReply(421, "4.7.0", $"{_options.Hostname} Error: too many failed authentication attempts"));
        return false;
    }

    private const string Mechanisms = "PLAIN LOGIN";
}
