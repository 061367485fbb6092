using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// A real gateway process whose SMTP next hop (Gateway:Smtp:NextHop) is an smtp-sink, so that a test can see exactly
/// what the gateway relayed: SMTP recipients (anything not @x400.example) from loopback end up there.
/// </summary>
public abstract class SinkGatewayFixture : GatewayFixture
{
    private SmtpSink? _sink;

    public SmtpSink Sink => _sink ?? throw new InvalidOperationException("the sink has not started");

    public int Port => Gateway.SmtpPort;

    protected override int NextHopPort => Sink.Port;

    public override async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_sink is not null) await _sink.DisposeAsync();
        }
    }
}
