using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Client;

public sealed partial class SmtpNextHop
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "next hop {NextHop} refused: {Code} {Text}")]
    private static partial void LogRefused(ILogger logger, string nextHop, int code, string text);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "next hop {NextHop} unavailable: {Why}")]
    private static partial void LogUnreachable(ILogger logger, string nextHop, string why);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information,
        Message = "next hop {NextHop} does not offer DSN: NOTIFY, ORCPT, RET and ENVID are not passed on (logged once until it offers DSN again)")]
    private static partial void LogDsnDropped(ILogger logger, string nextHop);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information,
        Message = "next hop {NextHop}: ORCPT={Type};{Original} of <{Recipient}> is sent as MailKit allows (rfc822;forward-path, with NOTIFY only); logged once")]
    private static partial void LogOriginalRecipientLost(ILogger logger, string nextHop, string recipient, string type, string original);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "next hop {NextHop}: re-encoded {Parts} MIME part(s) to send as {Body}")]
    private static partial void LogDowngraded(ILogger logger, string nextHop, int parts, string body);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "next hop {NextHop} does not offer SMTPUTF8, needed for {What}")]
    private static partial void LogNoSmtpUtf8(ILogger logger, string nextHop, string what);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "next hop {NextHop} does not offer {Lacking}; {ContentType} cannot be converted")]
    private static partial void LogUnconvertible(ILogger logger, string nextHop, string contentType, string lacking);

    [LoggerMessage(EventId = 307, Level = LogLevel.Debug, Message = "next hop {NextHop}: QUIT after the message was accepted failed: {Why}")]
    private static partial void LogQuitFailed(ILogger logger, string nextHop, string why);
}
