using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Operations;

/// <summary>
/// The gateway's instruments (meter <c>CmsX400Gateway</c>), exported on <c>/metrics</c>. Tags follow the audit
/// log's words so that a graph and an audit query speak the same language.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "CmsX400Gateway";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _duration;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>("gateway.messages", "{message}", "Message decisions by direction, kind and action.");
        _bytes = meter.CreateCounter<long>("gateway.message.size", "By", "Bytes of messages decided on, by direction.");
        _duration = meter.CreateHistogram<double>("gateway.message.duration", "s", "Time from end of data to the final decision.");
    }

    public void Decided(AuditRecord record, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "direction", record.Direction },
            { "kind", record.Kind },
            { "action", record.Action },
        };
        _messages.Add(1, tags);
        if (record.Size is { } size) _bytes.Add(size, new KeyValuePair<string, object?>("direction", record.Direction));
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
