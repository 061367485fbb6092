using Gateway.Tests.Integration.Peers;
using Gateway.Tests.X400;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// An X.400 report dropped into in/ is recognised as one and put aside with a precise reason: converting reports to
/// DSNs is not done yet, and the report must not be lost or mistaken for a broken file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class X400InboundReportTests
{
    [Fact]
    public async Task A_report_goes_to_failed_saying_reports_are_not_yet_converted()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() });
        var bytes = MtsApduCodec.Encode(P1Samples.Report());
        var path = Path.Combine(gateway.DataDirectory, "x400", "in", "report.p1");
        await File.WriteAllBytesAsync(path + ".part", bytes);
        File.Move(path + ".part", path);

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, TimeSpan.FromSeconds(60))).RootElement;

        const string reason = "an X.400 report (MTS-APDU report [1]) [/ADMD=ATT/C=US/;rpt-0001] about message [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example]: "
            + "reports are not yet converted to delivery status notifications (DSNs)";
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.Equal(reason, audit.GetProperty("reason").GetString());
        var failed = Path.Combine(gateway.DataDirectory, "x400", "failed");
        Assert.Equal(reason + "\n", await File.ReadAllTextAsync(Path.Combine(failed, "report.why")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(failed, "report.p1")));
        Assert.False(File.Exists(path));
    }
}
