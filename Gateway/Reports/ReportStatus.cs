using Gateway.X400;

namespace Gateway.Reports;

/// <summary>
/// X.411 non-delivery reason and diagnostic codes and RFC 3463 enhanced status codes, each way: the words both sides
/// of the gateway use for "why it did not arrive". A diagnostic decides when it has an equivalent; otherwise the reason.
/// </summary>
public static class ReportStatus
{
    private static readonly Dictionary<NonDeliveryDiagnosticCode, string> ByDiagnostic = new()
    {
        [NonDeliveryDiagnosticCode.UnrecognisedOrName] = "5.1.1",
        [NonDeliveryDiagnosticCode.AmbiguousOrName] = "5.1.4",
        [NonDeliveryDiagnosticCode.MtsCongestion] = "5.4.5",
        [NonDeliveryDiagnosticCode.LoopDetected] = "5.4.6",
        [NonDeliveryDiagnosticCode.RecipientUnavailable] = "5.2.1",
        [NonDeliveryDiagnosticCode.MaximumTimeExpired] = "5.4.7",
        [NonDeliveryDiagnosticCode.EncodedInformationTypesUnsupported] = "5.6.1",
        [NonDeliveryDiagnosticCode.ContentTooLong] = "5.3.4",
        [NonDeliveryDiagnosticCode.ConversionImpractical] = "5.6.3",
        [NonDeliveryDiagnosticCode.ImplicitConversionProhibited] = "5.6.3",
        [NonDeliveryDiagnosticCode.ImplicitConversionNotSubscribed] = "5.6.3",
        [NonDeliveryDiagnosticCode.InvalidArguments] = "5.5.4",
        [NonDeliveryDiagnosticCode.ContentSyntaxError] = "5.6.0",
        [NonDeliveryDiagnosticCode.SizeConstraintViolation] = "5.3.4",
        [NonDeliveryDiagnosticCode.ProtocolViolation] = "5.5.0",
        [NonDeliveryDiagnosticCode.ContentTypeNotSupported] = "5.6.1",
        [NonDeliveryDiagnosticCode.TooManyRecipients] = "5.5.3",
        [NonDeliveryDiagnosticCode.NoBilateralAgreement] = "5.7.1",
        [NonDeliveryDiagnosticCode.UnsupportedCriticalFunction] = "5.3.3",
        [NonDeliveryDiagnosticCode.ConversionWithLossProhibited] = "5.6.3",
        [NonDeliveryDiagnosticCode.LineTooLong] = "5.6.0",
        [NonDeliveryDiagnosticCode.RedirectionLoopDetected] = "5.4.6",
        [NonDeliveryDiagnosticCode.DlExpansionProhibited] = "5.2.4",
        [NonDeliveryDiagnosticCode.NoDlSubmitPermission] = "5.2.4",
        [NonDeliveryDiagnosticCode.DlExpansionFailure] = "5.2.4",
        [NonDeliveryDiagnosticCode.UndeliverableMailRecipientUnknown] = "5.1.1",
        [NonDeliveryDiagnosticCode.UndeliverableMailRecipientChangedAddressPermanently] = "5.1.6",
        [NonDeliveryDiagnosticCode.SecureMessagingError] = "5.7.0",
        [NonDeliveryDiagnosticCode.TransferAttemptsLimitReached] = "5.4.7",
        [NonDeliveryDiagnosticCode.SecurityPolicyViolation] = "5.7.1",
        [NonDeliveryDiagnosticCode.UnauthorisedOriginatorName] = "5.7.1",
        [NonDeliveryDiagnosticCode.UnauthorisedRecipientName] = "5.7.1",
        [NonDeliveryDiagnosticCode.AuthenticationFailureOnSubjectMessage] = "5.7.5",
        [NonDeliveryDiagnosticCode.DecryptionFailed] = "5.7.5",
        [NonDeliveryDiagnosticCode.DecryptionKeyUnobtainable] = "5.7.5",
        [NonDeliveryDiagnosticCode.IntegrityFailureOnSubjectMessage] = "5.7.5",
        [NonDeliveryDiagnosticCode.InvalidSecurityLabel] = "5.7.1",
        [NonDeliveryDiagnosticCode.UnsupportedAlgorithmIdentifier] = "5.7.5",
    };

    /// <summary>The enhanced status of an X.400 non-delivery (always permanent: a report is the final word).</summary>
    public static string ForNonDelivery(NonDeliveryReport report) =>
        report.Diagnostic is { } diagnostic && ByDiagnostic.TryGetValue(diagnostic, out var status)
            ? status
            : report.Reason switch
            {
                NonDeliveryReasonCode.TransferFailure => "5.4.0",
                NonDeliveryReasonCode.ConversionNotPerformed => "5.6.0",
                NonDeliveryReasonCode.RestrictedDelivery => "5.7.1",
                NonDeliveryReasonCode.DirectoryOperationUnsuccessful => "5.1.0",
                NonDeliveryReasonCode.TransferFailureForSecurityReason => "5.7.0",
                _ => "5.0.0",
            };

    /// <summary>
    /// The X.411 reason and diagnostic for an SMTP failure (the enhanced status of the next hop's reply, or the
    /// gateway's own). Addressing failures are unable-to-transfer with the name diagnostic; the rest say what they can.
    /// </summary>
    public static NonDeliveryReport ForSmtpFailure(string enhancedStatus) => enhancedStatus[2..] switch
    {
        "1.1" or "1.0" or "1.3" or "1.6" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.UnrecognisedOrName),
        "1.4" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.AmbiguousOrName),
        "2.1" or "2.2" or "2.0" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.RecipientUnavailable),
        "3.4" or "2.3" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTooLong),
        "4.6" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.LoopDetected),
        "4.7" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.MaximumTimeExpired),
        "6.0" or "6.1" => new(NonDeliveryReasonCode.UnableToTransfer, NonDeliveryDiagnosticCode.ContentTypeNotSupported),
        "6.3" => new(NonDeliveryReasonCode.ConversionNotPerformed, NonDeliveryDiagnosticCode.ConversionImpractical),
        _ when enhancedStatus.StartsWith("5.7.", StringComparison.Ordinal) => new(NonDeliveryReasonCode.TransferFailureForSecurityReason),
        _ => new(NonDeliveryReasonCode.UnableToTransfer),
    };
}
