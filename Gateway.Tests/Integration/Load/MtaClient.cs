using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Tests.Integration.Load;

/// <summary>An SMTP client that behaves like an MTA's queue: the same octets again after every failure, until a 250.</summary>
internal static class MtaClient
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Sends until the gateway answers 250; returns how many attempts that took.</summary>
    public static async Task<int> SendUntilAcceptedAsync(int port, MimeMessage message, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await TrySendAsync(port, message)) return attempt;
            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    /// <summary>One attempt, as an MTA makes it; true only on 250 (a 4xx, a refused connection or a cut one: try again).</summary>
    public static async Task<bool> TrySendAsync(int port, MimeMessage message)
    {
        using var client = new SmtpClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
                                      or MailKit.ServiceNotConnectedException or OperationCanceledException)
        {
            return false;
        }
    }
}
