namespace Gateway.X400;

/// <summary>
/// The X.411 (1999) standard-extension numbers, as Wireshark's MTSAbstractService.asn lists them (StandardExtension and
/// the EXTENSION objects; 36 is X.413's, 41, 43 and 44 are X.420's).
/// </summary>
public static class StandardExtensions
{
    public const int RecipientReassignmentProhibited = 1;
    public const int DlExpansionProhibited = 3;
    public const int ConversionWithLossProhibited = 4;
    public const int LatestDeliveryTime = 5;
    public const int MessageSecurityLabel = 20;
    public const int ContentCorrelator = 23;
    public const int RedirectionHistory = 25;
    public const int TraceInformation = 37;
    public const int InternalTraceInformation = 38;
    public const int BlindCopyRecipients = 41;

    private static readonly string[] Names =
    [
        "",
        "recipient-reassignment-prohibited",
        "originator-requested-alternate-recipient",
        "dl-expansion-prohibited",
        "conversion-with-loss-prohibited",
        "latest-delivery-time",
        "requested-delivery-method",
        "physical-forwarding-prohibited",
        "physical-forwarding-address-request",
        "physical-delivery-modes",
        "registered-mail-type",
        "recipient-number-for-advice",
        "physical-rendition-attributes",
        "originator-return-address",
        "physical-delivery-report-request",
        "originator-certificate",
        "message-token",
        "content-confidentiality-algorithm-identifier",
        "content-integrity-check",
        "message-origin-authentication-check",
        "message-security-label",
        "proof-of-submission-request",
        "proof-of-delivery-request",
        "content-correlator",
        "probe-origin-authentication-check",
        "redirection-history",
        "dl-expansion-history",
        "physical-forwarding-address",
        "recipient-certificate",
        "proof-of-delivery",
        "originator-and-DL-expansion-history",
        "reporting-DL-name",
        "reporting-MTA-certificate",
        "report-origin-authentication-check",
        "originating-MTA-certificate",
        "proof-of-submission",
        "forwarding-request",
        "trace-information",
        "internal-trace-information",
        "reporting-MTA-name",
        "multiple-originator-certificates",
        "blind-copy-recipients",
        "dl-exempted-recipients",
        "body-part-encryption-token",
        "forwarded-content-token",
        "certificate-selectors",
        "certificate-selectors-override",
    ];

    /// <summary>The ASN.1 name of a standard extension (e.g. 23 → <c>content-correlator</c>), or null for a number X.411 does not name.</summary>
    public static string? Name(int number) => number > 0 && number < Names.Length ? Names[number] : null;
}
