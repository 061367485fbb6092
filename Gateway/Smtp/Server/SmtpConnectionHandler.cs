using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server;

/// <summary>
/// Kestrel's entry point for an SMTP connection. Kestrel brings the socket handling, graceful shutdown and
/// connection metrics; this class only enforces the connection limit and runs a <see cref="SmtpSession"/>.
/// </summary>
public sealed partial class SmtpConnectionHandler(
    SmtpServerOptions options,
    ISmtpTransactionHandler handler,
    ILogger<SmtpSession> logger,
    TimeProvider time) : ConnectionHandler
{
    private int _connections;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        // Close on shutdown promptly: Kestrel would otherwise wait for idle sessions until its shutdown timeout.
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(shutdown, connection.ConnectionClosed);
        var active = Interlocked.Increment(ref _connections);
        try
        {
            if (active > options.MaxConnections)
            {
                LogTooManyConnections(logger, connection.RemoteEndPoint, options.MaxConnections);
                await connection.Transport.Output.WriteAsync(
                    System.Text.Encoding.ASCII.GetBytes(new SmtpReply(421, "4.7.0", $"{options.Hostname} Error: too many connections, try again later").Format(false)));
                return;
            }
            var session = new SmtpSession(connection.Transport, connection.RemoteEndPoint as IPEndPoint, options, handler, logger, time);
            await session.RunAsync(closed.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in one session must not take the listener down: log it and drop that connection only.
            LogSessionFailed(logger, connection.ConnectionId, e);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "connection {ConnectionId}: session failed")]
    private static partial void LogSessionFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "refuse connection from {Client}: more than {Limit} connections")]
    private static partial void LogTooManyConnections(ILogger logger, EndPoint? client, int limit);
}
