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
}
