using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Gateway.Smtp.Client;

/// <summary>
/// Delivers a message to the SMTP next hop with MailKit, using the SMTP envelope it is given (never the
/// headers). The result says whether the next hop took it, so that the gateway's own reply can say the same.
/// </summary>
public sealed partial class SmtpNextHop(NextHopOptions options, ILogger<SmtpNextHop> logger)
{
    private static readonly FormatOptions WireFormat = CreateWireFormat();

    public async Task<NextHopResult> SendAsync(MimeMessage message, string reversePath, IReadOnlyList<SmtpRecipient> recipients, MailParameters parameters,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var client = new SmtpClient { LocalDomain = options.LocalHostname, Timeout = (int)options.Timeout.TotalMilliseconds };
        var where = string.Create(CultureInfo.InvariantCulture, $"{options.EndPoint.Host}:{options.EndPoint.Port}");
        try
        {
            await client.ConnectAsync(options.EndPoint.Host, options.EndPoint.Port, SecureSocketOptions.None, timeout.Token);
            var sender = new MailboxAddress("", reversePath);
            var reply = await client.SendAsync(WireFormat, message, sender, recipients.Select(r => new MailboxAddress("", r.Address)), timeout.Token);
            await client.DisconnectAsync(quit: true, CancellationToken.None);
            return new NextHopResult(NextHopOutcome.Accepted, reply);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var text = string.Create(CultureInfo.InvariantCulture, $"{where} said {code} {e.Message.Trim()}");
            LogRefused(logger, where, code, e.Message);
            return new NextHopResult(code >= 500 ? NextHopOutcome.PermanentFailure : NextHopOutcome.TransientFailure, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Transient(where, "timed out", "4.4.2");
        }
        catch (SocketException e)
        {
            return Transient(where, e.Message, "4.4.1");
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException)
        {
            return Transient(where, e.Message, "4.4.2");
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

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "next hop {NextHop} refused: {Code} {Text}")]
    private static partial void LogRefused(ILogger logger, string nextHop, int code, string text);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "next hop {NextHop} unavailable: {Why}")]
    private static partial void LogUnreachable(ILogger logger, string nextHop, string why);
}
