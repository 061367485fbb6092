using Gateway.Tests.Integration.Peers;
using Gateway.Tests.X400;
using Gateway.X400;
using MimeKit;

namespace Gateway.Tests.Integration;

/// <summary>
/// An X.400 report dropped into in/ becomes an RFC 3464 DSN to its SMTP destination, from the null reverse path, with
/// every recipient's outcome; a report for the null sender is kept aside, never sent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class X400InboundReportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private SmtpSink? _sink;
    private GatewayProcess? _gateway;

    private GatewayProcess Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        _gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = _sink.Port });
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
    }

    private async Task<byte[]> DropAsync(P1Report report, string name)
    {
        var bytes = MtsApduCodec.Encode(report);
        var path = Path.Combine(Gateway.DataDirectory, "x400", "in", $"{name}.p1");
        await File.WriteAllBytesAsync(path + ".part", bytes);
        File.Move(path + ".part", path);
        return bytes;
    }

    [Fact]
    public async Task A_report_becomes_a_DSN_to_the_SMTP_originator_recipient_by_recipient()
    {
        var sample = P1Samples.Report();
        var report = sample with
        {
            Envelope = sample.Envelope with
            {
                ReportDestinationName = new OrName(OrAddress.Parse("/DD.RFC-822=john(u)smith(a)example.com/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/")),
            },
        };

        await DropAsync(report, "report");

        var delivered = Assert.Single(await _sink!.WaitForMessagesAsync(1, Patience));
        Assert.Equal("", delivered.MailFrom);
        Assert.Equal(["john_smith@example.com"], delivered.Recipients);
        var dsn = MimeMessage.Load(new MemoryStream(delivered.Data));
        Assert.Equal("Delivery Status Notification (Mixed)", dsn.Subject);
        Assert.Equal("auto-replied", dsn.Headers["Auto-Submitted"]);
        var body = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", body.ReportType);
        var status = Assert.IsType<MessageDeliveryStatus>(body[1]);
        var groups = status.StatusGroups.Where(g => g.Count > 0).ToList(); // MimeKit reads the blank line after the last group as one more
        Assert.Equal(4, groups.Count);
        Assert.Equal("x400; /ADMD=ATT/C=US/", groups[0]["Reporting-MTA"]);
        Assert.Equal("dns; cms-x400-gateway.localdomain", groups[0]["DSN-Gateway"]);
        Assert.Null(groups[0]["Original-Envelope-Id"]); // the correlator is octets, not an ENVID
        Assert.Equal("delivered", groups[1]["Action"]);
        Assert.Equal("2.0.0", groups[1]["Status"]);
        Assert.Equal("x400; /G=Steve/S=Kille/OU1=R+D/O=Isode/PRMD=Isode/ADMD= /C=GB/", groups[1]["X-X400-Final-Recipient"]);
        Assert.Equal("failed", groups[2]["Action"]);
        Assert.Equal("5.6.1", groups[2]["Status"]);
        Assert.Equal("x400; unable-to-transfer (1), content-type-not-supported (15); AMHS accepts content type 22 only", groups[2]["Diagnostic-Code"]);
        Assert.Equal("Tue, 03 Nov 2026 09:58:00 +0000", groups[2]["Last-Attempt-Date"]);
        Assert.Equal("failed", groups[3]["Action"]);
        Assert.Equal("5.0.0", groups[3]["Status"]);
        Assert.Equal("x400; code (99)", groups[3]["Diagnostic-Code"]);
        var returned = Assert.IsType<MimePart>(body[2]);
        Assert.Equal("application/x400-content", returned.ContentType.MimeType);
        Assert.Equal(X400Oids.ContentInfo, returned.ContentType.Parameters["content-type"]);
        using var content = new MemoryStream();
        await returned.Content!.DecodeToAsync(content);
        Assert.Equal(report.Content.ReturnedContent!.Value.ToArray(), content.ToArray());
        var audit = Assert.Single(await Gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        Assert.Equal("mime", audit.GetProperty("kind").GetString());
        Assert.StartsWith("X.400 report [/ADMD=ATT/C=US/;rpt-0001] about message [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example] sent as a DSN: ",
            audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(Gateway.DataDirectory, "x400", "in")));
    }

    [Fact]
    public async Task A_report_for_the_null_sender_is_kept_aside_and_never_sent()
    {
        var gatewayItself = new OrName(OrAddress.Parse("/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/"));
        var report = P1Samples.Report() with { Envelope = P1Samples.Report().Envelope with { ReportDestinationName = gatewayItself } };

        var bytes = await DropAsync(report, "bounce");

        var audit = Assert.Single(await Gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        const string reason = "X.400 report [/ADMD=ATT/C=US/;rpt-0001] about message [/PRMD=Acme/ADMD= /C=GB/;msg-0001@gw.example]: "
            + "its destination is the null sender, which gets no DSN";
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        var failed = Path.Combine(Gateway.DataDirectory, "x400", "failed");
        Assert.Equal(reason + "\n", await File.ReadAllTextAsync(Path.Combine(failed, "bounce.why")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(failed, "bounce.p1")));
        Assert.Empty(_sink!.Messages());
    }
}
