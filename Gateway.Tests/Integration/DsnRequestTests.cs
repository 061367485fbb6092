using System.Text;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// RFC 3461 requests on mail to X.400 become X.411 report requests in the P1 envelope: NOTIFY per recipient, RET=FULL as
/// content return, ENVID as the content-correlator; from the null reverse path no report is asked for at all.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DsnRequestTests
{
    private static readonly byte[] Message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("dsn", "requests"),
        to: "a@x400.example");

    private static async Task<P1Envelope> SendAsync(GatewayProcess gateway, string mail, params string[] rcpts)
    {
        await using var wire = await SmtpWire.HelloAsync(gateway.SmtpPort);
        (await wire.CommandAsync(mail)).Expect("250 2.1.0", "MAIL");
        foreach (var rcpt in rcpts) (await wire.CommandAsync(rcpt)).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        await wire.SendAsync(Encoding.Latin1.GetString(Message).Replace("\r\n.", "\r\n..", StringComparison.Ordinal) + "\r\n.\r\n");
        (await wire.ReadReplyAsync()).Expect("250 2.0.0", "end of data");
        var file = Assert.Single(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
        var envelope = ((P1Message)MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(file))).Envelope;
        File.Delete(file);
        return envelope;
    }

    [Fact]
    public async Task Notify_ret_and_envid_become_report_requests_content_return_and_the_correlator()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() });

        var envelope = await SendAsync(gateway, "MAIL FROM:<alice@example.com> RET=FULL ENVID=QQ314159",
            "RCPT TO:<a@x400.example> NOTIFY=SUCCESS,FAILURE", "RCPT TO:<b@x400.example> NOTIFY=NEVER", "RCPT TO:<c@x400.example>",
            "RCPT TO:<d@x400.example> NOTIFY=DELAY,FAILURE");

        Assert.True(envelope.PerMessageIndicators.HasFlag(PerMessageIndicators.ContentReturnRequest));
        Assert.Equal("QQ314159", envelope.ContentCorrelator?.Ia5Text);
        Assert.Equal(
        [
            PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaReport | PerRecipientIndicators.OriginatorReport,
            PerRecipientIndicators.Responsibility,
            PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaNonDeliveryReport | PerRecipientIndicators.OriginatorNonDeliveryReport,
            PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatingMtaNonDeliveryReport | PerRecipientIndicators.OriginatorNonDeliveryReport,
        ], envelope.Recipients.Select(r => r.Indicators));
    }

    [Fact]
    public async Task Nothing_from_the_null_sender_asks_for_a_report_and_RET_HDRS_asks_for_no_content()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() });

        var bounce = await SendAsync(gateway, "MAIL FROM:<>", "RCPT TO:<a@x400.example> NOTIFY=SUCCESS,FAILURE");
        var headers = await SendAsync(gateway, "MAIL FROM:<alice@example.com> RET=HDRS", "RCPT TO:<a@x400.example>");

        Assert.Equal(PerRecipientIndicators.Responsibility, Assert.Single(bounce.Recipients).Indicators);
        Assert.Null(bounce.ContentCorrelator);
        Assert.False(headers.PerMessageIndicators.HasFlag(PerMessageIndicators.ContentReturnRequest));
    }

    [Fact]
    public async Task An_X400_side_without_delivery_reports_gets_a_relayed_DSN_for_NOTIFY_SUCCESS()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = sink.Port,
            Settings = new Dictionary<string, string> { ["Gateway:X400:ReportsDelivery"] = "false" },
        });

        await SendAsync(gateway, "MAIL FROM:<alice@example.com> ENVID=E1", "RCPT TO:<a@x400.example> NOTIFY=SUCCESS ORCPT=rfc822;A@x400.example",
            "RCPT TO:<b@x400.example>");

        var dsn = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal("", dsn.MailFrom);
        Assert.Equal(["alice@example.com"], dsn.Recipients);
        var report = Assert.IsType<MimeKit.MultipartReport>(MimeKit.MimeMessage.Load(new MemoryStream(dsn.Data)).Body);
        var groups = Assert.IsType<MimeKit.MessageDeliveryStatus>(report[1]).StatusGroups.Where(g => g.Count > 0).ToList();
        Assert.Equal(2, groups.Count); // per message, and a@ only: b@ did not ask
        Assert.Equal("E1", groups[0]["Original-Envelope-Id"]);
        Assert.Equal("rfc822; A@x400.example", groups[1]["Original-Recipient"]);
        Assert.Equal("rfc822; a@x400.example", groups[1]["Final-Recipient"]);
        Assert.Equal("relayed", groups[1]["Action"]);
        Assert.Equal("2.0.0", groups[1]["Status"]);
        Assert.Equal("x400; /PRMD=Example/ADMD= /C=XX/", groups[1]["Remote-MTA"]);
        Assert.EndsWith("; relayed DSN to <alice@example.com>", gateway.AuditLines()[^1].RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_X400_side_that_reports_delivery_is_left_to_do_so()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });

        await SendAsync(gateway, "MAIL FROM:<alice@example.com>", "RCPT TO:<a@x400.example> NOTIFY=SUCCESS");

        Assert.Empty(sink.Messages());
    }
}
