using System.Diagnostics.Metrics;

namespace Gateway.Smtp.Server;

/// <summary>The SMTP listener's instruments (meter <c>CmsX400Gateway</c>), exported on <c>/metrics</c>.</summary>
public sealed class SmtpServerMetrics
{
    private readonly Counter<long> _connections;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _replies;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _tls;

    public SmtpServerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create("CmsX400Gateway");
        _connections = meter.CreateCounter<long>("smtp.connections", "{connection}", "Connections, by outcome (accepted, refused).");
        _active = meter.CreateUpDownCounter<long>("smtp.sessions.active", "{session}", "SMTP sessions in progress.");
        _replies = meter.CreateCounter<long>("smtp.replies", "{reply}", "Replies sent, by class (2xx, 3xx, 4xx, 5xx).");
        _messages = meter.CreateCounter<long>("smtp.messages.received", "{message}", "Messages received whole and handed on.");
        _bytes = meter.CreateCounter<long>("smtp.received.size", "By", "Octets of messages received.");
        _tls = meter.CreateCounter<long>("smtp.tls.handshakes", "{handshake}", "TLS handshakes, by result (succeeded, failed).");
    }

    public void Connection(bool accepted) => _connections.Add(1, new KeyValuePair<string, object?>("outcome", accepted ? "accepted" : "refused"));

    public void SessionStarted() => _active.Add(1);

    public void SessionEnded() => _active.Add(-1);

    public void Replied(int code) => _replies.Add(1, new KeyValuePair<string, object?>("class", $"{code / 100}xx"));

    public void MessageReceived(long size)
    {
        _messages.Add(1);
        _bytes.Add(size);
    }

    public void TlsHandshake(bool succeeded) => _tls.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "succeeded" : "failed"));
}
