namespace Gateway.X400;

/// <summary>X.411 ReportType ::= CHOICE { delivery [0] DeliveryReport, non-delivery [1] NonDeliveryReport }.</summary>
public abstract record ReportType;
