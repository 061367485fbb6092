namespace Gateway.X400;

/// <summary>
/// X.411 LastTraceInformation ::= SET { arrival-time [0] Time, converted-encoded-information-types OPTIONAL,
/// report-type [1] ReportType }.
/// </summary>
/// <param name="ArrivalTime">When the subject message arrived at the MTA that generated the report (UTCTime, whole seconds).</param>
public sealed record LastTraceInformation(DateTimeOffset ArrivalTime, ReportType ReportType)
{
    /// <summary>The encoded information types after a conversion, when one took place.</summary>
    public EncodedInformationTypes? ConvertedEncodedInformationTypes { get; init; }
}
