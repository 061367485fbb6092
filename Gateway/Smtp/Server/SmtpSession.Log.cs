using System.Net;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server;

public sealed partial class SmtpSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{SessionId}: connect from {Client} ({Tls})")]
        public static partial void Connected(ILogger logger, string sessionId, IPEndPoint? client, string tls);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{SessionId}: disconnect")]
        public static partial void Disconnected(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{SessionId}: lost connection {Where}")]
        public static partial void LostConnection(ILogger logger, string sessionId, string where);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{SessionId}: timeout waiting for {What}")]
        public static partial void Timeout(ILogger logger, string sessionId, string what);

        [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "{SessionId}: reject RCPT <{Recipient}>: {Reply}")]
        public static partial void RecipientRefused(ILogger logger, string sessionId, string recipient, string reply);

        [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "{SessionId}: {TransactionId}: reject: {Reply}")]
        public static partial void MessageRefused(ILogger logger, string sessionId, string transactionId, string reply);

        [LoggerMessage(EventId = 112, Level = LogLevel.Error, Message = "{SessionId}: {TransactionId}: cannot spool the message: {Failure}")]
        public static partial void SpoolFailed(ILogger logger, string sessionId, string transactionId, string failure);

        [LoggerMessage(EventId = 113, Level = LogLevel.Error, Message = "{SessionId}: {TransactionId}: handling the message failed; 451 given")]
        public static partial void HandlerFailed(ILogger logger, string sessionId, string transactionId, Exception exception);

        [LoggerMessage(EventId = 106, Level = LogLevel.Information, Message = "{SessionId}: TLS established: {Tls}")]
        public static partial void TlsStarted(ILogger logger, string sessionId, string tls);

        [LoggerMessage(EventId = 107, Level = LogLevel.Warning, Message = "{SessionId}: TLS handshake failed: {Why}")]
        public static partial void TlsFailed(ILogger logger, string sessionId, string why);

        [LoggerMessage(EventId = 108, Level = LogLevel.Warning,
            Message = "{SessionId}: improper command pipelining after STARTTLS: {Octets} plaintext octets discarded")]
        public static partial void PipeliningAfterStartTls(ILogger logger, string sessionId, int octets);

        [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "{SessionId}: AUTH {Mechanism} succeeded, sasl_username={User}")]
        public static partial void Authenticated(ILogger logger, string sessionId, string mechanism, string user);

        // Neither the user name nor anything else the client sent: a password typed into the name field would be logged.
        [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "{SessionId}: AUTH {Mechanism} failed for {Client} (failure {Failures} in this session)")]
        public static partial void AuthenticationFailed(ILogger logger, string sessionId, IPEndPoint? client, string mechanism, int failures);
    }
}
