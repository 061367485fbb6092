namespace Gateway.X400;

/// <summary>X.411 DeliveryReport ::= SET { message-delivery-time [0] Time, type-of-MTS-user [1] TypeOfMTSUser DEFAULT public }.</summary>
public sealed record DeliveryReport(DateTimeOffset MessageDeliveryTime, MtsUserType TypeOfMtsUser = MtsUserType.Public) : ReportType;
