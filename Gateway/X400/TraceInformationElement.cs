namespace Gateway.X400;

/// <summary>
/// One X.411 TraceInformationElement: which domain handled the message, when it arrived there (UTCTime, so whole
/// seconds), what it did, and the domain it tried to reach when it rerouted.
/// </summary>
public sealed record TraceInformationElement(GlobalDomainIdentifier Domain, DateTimeOffset ArrivalTime, RoutingAction Action)
{
    private readonly IReadOnlyList<BerValue> _additionalActions = [];

    /// <summary>attempted-domain (GlobalDomainIdentifier OPTIONAL): the domain a rerouting domain failed to reach.</summary>
    public GlobalDomainIdentifier? AttemptedDomain { get; init; }

    /// <summary>
    /// The other DomainSuppliedInformation members, each kept whole: X.411's additional actions deferred-time [1],
    /// converted-encoded-information-types [APPLICATION 5] and other-actions [3], and anything a later edition adds.
    /// They are SET members: equality ignores order and the encoder sorts them by tag.
    /// </summary>
    public IReadOnlyList<BerValue> AdditionalActions
    {
        get => _additionalActions;
        init => _additionalActions = value is null ? [] : [.. value];
    }

    public bool Equals(TraceInformationElement? other) =>
        other is not null
        && Domain == other.Domain
        && ArrivalTime == other.ArrivalTime
        && Action == other.Action
        && AttemptedDomain == other.AttemptedDomain
        && ValueEquality.Set(AdditionalActions, other.AdditionalActions);

    public override int GetHashCode() => HashCode.Combine(Domain, ArrivalTime, Action, AttemptedDomain, ValueEquality.SetHash(AdditionalActions));
}
