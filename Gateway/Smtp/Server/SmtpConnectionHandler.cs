using System.Collections.Concurrent;
using System.Net;
using Gateway.Smtp.Server.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Smtp.Server;

/// <summary>
/// Kestrel's entry point for an SMTP connection. Kestrel brings the socket handling, graceful shutdown and
/// connection metrics; this class enforces the connection limits (in total and per client address) and runs a
/// <see cref="SmtpSession"/>. On the implicit-TLS listener Kestrel has already done the handshake.
/// </summary>
public sealed partial class SmtpConnectionHandler(
    SmtpServerOptions options,
    ISmtpTransactionHandler handler,
    ServerCertificateProvider certificates,
    SmtpServerMetrics metrics,
    ILogger<SmtpSession> logger,
    TimeProvider time) : ConnectionHandler
{
    private int _connections;
    private readonly SpoolFiles _spools = new(options.TemporaryDirectory, keep: Math.Min(options.MaxConnections, 64));
    private readonly ConcurrentDictionary<IPAddress, int> _perClient = new();

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        // Close on shutdown promptly: Kestrel would otherwise wait for idle sessions until its shutdown timeout.
        var shutdown = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(shutdown, connection.ConnectionClosed);
        var client = connection.RemoteEndPoint as IPEndPoint;
        var address = client?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : client?.Address;
        var limited = address is not null && !options.IsTrusted(address);
        var active = Interlocked.Increment(ref _connections);
        var fromClient = limited ? _perClient.AddOrUpdate(address!, 1, (_, n) => n + 1) : 0;
        try
        {
            if (active > options.MaxConnections || fromClient > options.MaxConnectionsPerClient)
            {
                metrics.Connection(accepted: false);
                LogTooManyConnections(logger, connection.RemoteEndPoint, active > options.MaxConnections ? "in total" : "from this client");
                var reply = active > options.MaxConnections
                    ? $"{options.Hostname} Error: too many connections, try again later"
                    : $"{options.Hostname} Error: too many connections from your address, try again later";
                await connection.Transport.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes(new SmtpReply(421, "4.7.0", reply).Format()));
                return;
            }
            metrics.Connection(accepted: true);
            metrics.SessionStarted();
            var tls = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is { } handshake
                ? TlsHandshake.Describe(handshake.Protocol, handshake.NegotiatedCipherSuite ?? System.Net.Security.TlsCipherSuite.TLS_NULL_WITH_NULL_NULL)
                : null;
            try
            {
                var session = new SmtpSession(connection.Transport, client, options, handler, logger, time, certificates, tls, metrics, _spools);
                await session.RunAsync(closed.Token);
            }
            finally
            {
                metrics.SessionEnded();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in one session must not take the listener down: log it and drop that connection only.
            LogSessionFailed(logger, connection.ConnectionId, e);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
            if (limited && _perClient.AddOrUpdate(address!, 0, (_, n) => n - 1) <= 0) _perClient.TryRemove(KeyValuePair.Create(address!, 0));
        }
    }

    [LoggerMessage(EventId = 111, Level = LogLevel.Error, Message = "connection {ConnectionId}: session failed")]
    private static partial void LogSessionFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "refuse connection from {Client}: too many connections {Scope}")]
    private static partial void LogTooManyConnections(ILogger logger, EndPoint? client, string scope);
}
