using System.IO.Pipelines;
using System.Security.Authentication;
using Gateway.Smtp.Server.Tls;

namespace Gateway.Smtp.Server;

public sealed partial class SmtpSession
{
    private sealed record PipePair(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>RFC 3207: answer 220, discard anything pipelined behind the command, handshake, start over.</summary>
    private async Task<bool> StartTlsAsync(string argument, CancellationToken shutdown)
    {
        if (argument.Length > 0) return await ErrorAsync(new SmtpReply(501, "5.5.4", "Syntax: STARTTLS"));
        if (_tls is not null) return await ErrorAsync(new SmtpReply(554, "5.5.1", "Error: TLS already active"));
        if (!CanStartTls) return await ErrorAsync(new SmtpReply(502, "5.5.1", "Error: STARTTLS is not available"));
        if (_reversePath is not null) return await ErrorAsync(new SmtpReply(503, "5.5.1", "Error: MAIL transaction in progress"));

        var injected = _input.DiscardBuffered();
        if (injected > 0) Log.PipeliningAfterStartTls(_logger, _sessionId, injected);
        await ReplyAsync(new SmtpReply(220, "2.0.0", "Ready to start TLS"));
        await FlushAsync(shutdown);
        try
        {
            var ssl = await TlsHandshake.AuthenticateAsServerAsync(_transport, _certificates!, _options.TlsHandshakeTimeout, shutdown);
            _tlsStream = ssl;
            _tls = TlsHandshake.Describe(ssl);
            _metrics?.TlsHandshake(succeeded: true);
            // Never write to the plaintext writer again: everything now goes through the TLS stream.
            _transport = new PipePair(PipeReader.Create(ssl), PipeWriter.Create(ssl));
            _output = _transport.Output;
            _input = new SmtpLineReader(_transport.Input, FlushAsync);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            _metrics?.TlsHandshake(succeeded: false);
            Log.TlsFailed(_logger, _sessionId, e.Message);
            return false;
        }
        Log.TlsStarted(_logger, _sessionId, _tls);
        // RFC 3207 §4.2: the client starts again with EHLO, and nothing learnt before TLS counts.
        _heloName = null;
        _extended = false;
        _forward = XForwardAttributes.None;
        await ResetTransactionAsync();
        return true;
    }
}
