namespace Gateway.X400;

/// <summary>
/// The X.411 Report transfer APDU (<c>report [1]</c>): Report ::= SEQUENCE { envelope ReportTransferEnvelope, content
/// ReportTransferContent }. A delivery or non-delivery report about one subject message, for one or more of its recipients.
/// </summary>
public sealed record P1Report(P1ReportEnvelope Envelope, P1ReportContent Content) : MtsApdu;
