namespace Gateway.X400;

/// <summary>
/// One X.411 TraceInformationElement: which domain handled the message, when it arrived there (UTCTime, so
/// whole seconds) and what it did. attempted-domain and the additional actions are not modelled.
/// </summary>
public sealed record TraceInformationElement(GlobalDomainIdentifier Domain, DateTimeOffset ArrivalTime, RoutingAction Action);
