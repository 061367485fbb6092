using Gateway.Reports;
using Gateway.Tests.X400;
using Gateway.X400;

namespace Gateway.Tests.Reports;

/// <summary>X.411 codes and RFC 3463 statuses each way, and the rules of who gets a non-delivery report.</summary>
public sealed class ReportMappingTests
{
    [Theory]
    [InlineData(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.UnrecognisedOrName, "5.1.1")]
    [InlineData(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.MaximumTimeExpired, "5.4.7")]
    [InlineData(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTooLong, "5.3.4")]
    [InlineData(NonDeliveryReasonCode.TransferFailureForSecurityReason, NonDeliveryDiagnosticCode.DecryptionFailed, "5.7.5")]
    [InlineData(NonDeliveryReasonCode.RestrictedDelivery, null, "5.7.1")]
    [InlineData(NonDeliveryReasonCode.TransferFailure, NonDeliveryDiagnosticCode.PageSplit, "5.4.0")] // no equivalent: the reason decides
    [InlineData((NonDeliveryReasonCode)99, null, "5.0.0")]
    public void An_X400_non_delivery_has_an_enhanced_status(NonDeliveryReasonCode reason, NonDeliveryDiagnosticCode? diagnostic, string status)
    {
        Assert.Equal(status, ReportStatus.ForNonDelivery(new NonDeliveryReport(reason, diagnostic)));
    }

    [Theory]
    [InlineData("5.1.1", NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.UnrecognisedOrName)]
    [InlineData("5.2.2", NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.RecipientUnavailable)]
    [InlineData("5.3.4", NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTooLong)]
    [InlineData("4.4.7", NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.MaximumTimeExpired)]
    [InlineData("5.7.1", NonDeliveryReasonCode.TransferFailureForSecurityReason, null)]
    [InlineData("5.0.0", NonDeliveryReasonCode.UnableToTransfer, null)]
    public void An_SMTP_failure_has_an_X411_reason_and_diagnostic(string status, NonDeliveryReasonCode reason, NonDeliveryDiagnosticCode? diagnostic)
    {
        Assert.Equal(new NonDeliveryReport(reason, diagnostic), ReportStatus.ForSmtpFailure(status));
    }

    [Theory]
    [InlineData(PerRecipientIndicators.Responsibility, false)]
    [InlineData(PerRecipientIndicators.Responsibility | PerRecipientIndicators.OriginatorNonDeliveryReport, true)]
    [InlineData(PerRecipientIndicators.OriginatorReport, true)]
    [InlineData(PerRecipientIndicators.OriginatingMtaNonDeliveryReport, true)]
    public void Only_a_report_request_earns_a_report(PerRecipientIndicators indicators, bool wanted)
    {
        Assert.Equal(wanted, X400Reports.WantsNonDelivery(indicators));
    }

    [Fact]
    public void The_report_carries_the_subject_correlator_and_a_printable_supplement_and_is_named_by_the_subject()
    {
        var subject = P1Samples.Message();
        subject = subject with { Envelope = subject.Envelope.WithContentCorrelator(ContentCorrelator.FromIa5Text("ENVID-42")) };
        var domain = new GlobalDomainIdentifier("XX", " ", "Example");
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, 500, TimeSpan.Zero);

        var report = X400Reports.NonDelivery(subject, subject.Envelope.Recipients, new NonDeliveryReport(NonDeliveryReasonCode.UnableToTransfer),
            "550 <bob@example.com> unknown; über", domain, now, now)!;

        Assert.Equal("ENVID-42", report.Content.ContentCorrelator?.Ia5Text);
        Assert.All(report.Content.Recipients, r => Assert.Equal("550 bob example.com unknown ber", r.SupplementaryInformation));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero), report.Envelope.Trace[0].ArrivalTime); // UTCTime has whole seconds
        Assert.Equal(X400Reports.ReportIdentifierFor(subject.Envelope.MessageIdentifier), report.Envelope.ReportIdentifier.LocalIdentifier);
        Assert.Equal(32, report.Envelope.ReportIdentifier.LocalIdentifier.Length);
        Assert.Equal(report, MtsApduCodec.DecodeApdu(MtsApduCodec.Encode(report)));
    }
}
