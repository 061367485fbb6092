using Gateway.Reports;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// An X.400 message the gateway cannot hand to SMTP goes back to its originator as a P1 non-delivery report in out/,
/// checked field by field: at once on a 5xx, after the maximum lifetime on 4xx; no report when none was asked for;
/// the same failure reported twice is one report.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NonDeliveryReportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly OrName Originator = new(OrAddress.Parse("/G=Steve/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/"));
    private static readonly byte[] Ipm = X400TestContent.Ipm("to be returned", "nobody here");

    private static P1Message Message(string mailbox, PerRecipientIndicators indicators, PerMessageIndicators perMessage = PerMessageIndicators.None) =>
        InboundP1.Message(Originator, mailbox, Ipm, X400ContentType.FromBuiltIn(22), null, indicators, perMessage: perMessage);

    private static string[] Out(GatewayProcess gateway) => Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out"));

    [Fact]
    public async Task A_5xx_from_the_next_hop_returns_the_message_with_a_report_at_once()
    {
        await using var sink = await SmtpSink.StartRejectingAsync("RCPT", "550 5.1.1 no such user here");
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });
        var message = Message("nobody@example.com", PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatorNonDeliveryReport);

        await InboundP1.DropAsync(gateway, message, "returned");

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        var file = Assert.Single(Out(gateway));
        var reportId = X400Reports.ReportIdentifierFor(message.Envelope.MessageIdentifier);
        Assert.Equal($"{reportId}.p1", Path.GetFileName(file));
        var report = Assert.IsType<P1Report>(MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(file)));
        Assert.Equal(Originator, report.Envelope.ReportDestinationName);
        Assert.Equal(new MtsIdentifier(new GlobalDomainIdentifier("XX", " ", "Example"), reportId), report.Envelope.ReportIdentifier);
        Assert.Equal(message.Envelope.MessageIdentifier, report.Content.SubjectIdentifier);
        Assert.Equal(X400ContentType.FromBuiltIn(22), report.Content.ContentType);
        Assert.Null(report.Content.ReturnedContent);
        var recipient = Assert.Single(report.Content.Recipients);
        Assert.Equal(InboundP1.Dda("nobody@example.com"), recipient.ActualRecipientName);
        Assert.Equal(1, recipient.OriginallySpecifiedRecipientNumber);
        Assert.Equal(new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.UnrecognisedOrName), recipient.LastTrace.ReportType);
        Assert.StartsWith("127.0.0.1:", recipient.SupplementaryInformation, StringComparison.Ordinal);
        Assert.EndsWith(" refused nobody example.com : 550 5.1.1 no such user here", recipient.SupplementaryInformation, StringComparison.Ordinal); // "<", "@", ">" are not PrintableString
        Assert.Equal("reported", audit.GetProperty("action").GetString());
        var why = await File.ReadAllTextAsync(Path.Combine(gateway.DataDirectory, "x400", "failed", "returned.why"));
        Assert.StartsWith("the SMTP next hop refused the message: ", why, StringComparison.Ordinal);
        Assert.EndsWith($"; non-delivery report {reportId} to {Originator.Address} (unable-to-transfer (1), unrecognised-or-name (0))\n", why, StringComparison.Ordinal);

        // The same message again (an operator's retry, a crash before the file moved): the same report, not a second.
        await InboundP1.DropAsync(gateway, message, "returned-again");
        await gateway.WaitForAuditLinesAsync(2, Patience);
        Assert.Equal([file], Out(gateway));
    }

    [Fact]
    public async Task A_recipient_that_asked_for_no_report_gets_none()
    {
        await using var sink = await SmtpSink.StartRejectingAsync("RCPT", "550 5.1.1 no such user here");
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });

        await InboundP1.DropAsync(gateway, Message("nobody@example.com", PerRecipientIndicators.Responsibility), "quiet");

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        Assert.Equal("rejected", audit.GetProperty("action").GetString());
        Assert.EndsWith("; no report requested", audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(Out(gateway));
    }

    [Fact]
    public async Task After_the_maximum_lifetime_a_temporary_failure_returns_the_message_with_its_content()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() }); // nothing listens
        var message = Message("later@example.com", PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatorReport,
            PerMessageIndicators.ContentReturnRequest);

        await InboundP1.DropAsync(gateway, message, "old", handedOverAt: DateTime.UtcNow.AddDays(-6));

        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        Assert.Equal("reported", audit.GetProperty("action").GetString());
        Assert.StartsWith("not delivered within 5.00:00:00 (6d ", audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var report = Assert.IsType<P1Report>(MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(Assert.Single(Out(gateway)))));
        var recipient = Assert.Single(report.Content.Recipients);
        Assert.Equal(new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.MaximumTimeExpired), recipient.LastTrace.ReportType);
        Assert.Equal(Ipm, report.Content.ReturnedContent!.Value.ToArray());
    }

    [Fact]
    public async Task A_recipient_at_the_gateways_own_X400_domain_is_reported_as_a_loop_and_the_others_are_delivered()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });
        var indicators = PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatorNonDeliveryReport;
        var message = Message("alice@example.com", indicators);
        // An RFC-822 attribute that is no mailbox: the only mailbox for it is its std-or-address at x400.example, which
        // Postfix would hand straight back to the gateway for X.400.
        var looping = new P1Recipient(InboundP1.Dda("nobody"), 2, indicators);
        message = message with { Envelope = message.Envelope with { Recipients = [.. message.Envelope.Recipients, looping] } };

        await InboundP1.DropAsync(gateway, message, "mixed");

        var delivered = Assert.Single(await sink.WaitForMessagesAsync(1, Patience));
        Assert.Equal(["alice@example.com"], delivered.Recipients);
        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience)).RootElement;
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
        var reportId = X400Reports.ReportIdentifierFor(message.Envelope.MessageIdentifier);
        const string Mailbox = "\"/DD.RFC-822=nobody/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/\"@x400.example";
        Assert.EndsWith($"; not delivered to <{Mailbox}> maps to no Internet mailbox: an X.400 user, whom SMTP would bring back into X.400: "
            + $"non-delivery report {reportId} to {Originator.Address}", audit.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var report = Assert.IsType<P1Report>(MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(Assert.Single(Out(gateway)))));
        var reported = Assert.Single(report.Content.Recipients);
        Assert.Equal(looping.Name, reported.ActualRecipientName);
        Assert.Equal(2, reported.OriginallySpecifiedRecipientNumber);
        Assert.Equal(new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.LoopDetected), reported.LastTrace.ReportType);
        Assert.Empty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "failed")));
    }
}
