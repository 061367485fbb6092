namespace Gateway.X400;

/// <summary>X.411 ReportTransferEnvelope: who the report is for and the way it has come.</summary>
public sealed record P1ReportEnvelope
{
    private readonly IReadOnlyList<TraceInformationElement> _trace = [];
    private readonly IReadOnlyList<P1Extension> _extensions = [];

    /// <summary>report-identifier (an MTSIdentifier, [APPLICATION 4]).</summary>
    public required MtsIdentifier ReportIdentifier { get; init; }

    /// <summary>report-destination-name (ORName): usually the subject message's originator, or a DL that expanded it.</summary>
    public required OrName ReportDestinationName { get; init; }

    /// <summary>The report's own trace ([APPLICATION 9]), oldest first; at least one entry.</summary>
    public required IReadOnlyList<TraceInformationElement> Trace
    {
        get => _trace;
        init => _trace = value is null ? [] : [.. value];
    }

    /// <summary>extensions [1] (not [3] as in the message envelope): a SET OF, so equality ignores order.</summary>
    public IReadOnlyList<P1Extension> Extensions
    {
        get => _extensions;
        init => _extensions = value is null ? [] : [.. value];
    }

    public bool Equals(P1ReportEnvelope? other) =>
        other is not null
        && ReportIdentifier == other.ReportIdentifier
        && ReportDestinationName == other.ReportDestinationName
        && ValueEquality.Sequence(Trace, other.Trace)
        && ValueEquality.Set(Extensions, other.Extensions);

    public override int GetHashCode() =>
        HashCode.Combine(ReportIdentifier, ReportDestinationName, ValueEquality.SequenceHash(Trace), ValueEquality.SetHash(Extensions));
}
