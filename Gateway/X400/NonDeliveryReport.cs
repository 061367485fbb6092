namespace Gateway.X400;

/// <summary>
/// X.411 NonDeliveryReport ::= SET { non-delivery-reason-code [0], non-delivery-diagnostic-code [1] OPTIONAL }. Numbers
/// X.411 does not name are kept as they came: the enums hold any value in 0..32767.
/// </summary>
public sealed record NonDeliveryReport(NonDeliveryReasonCode Reason, NonDeliveryDiagnosticCode? Diagnostic = null) : ReportType;
