namespace Gateway.X400;

/// <summary>X.411 PerRecipientReportTransferFields: the outcome for one recipient of the subject message.</summary>
public sealed record P1ReportRecipient
{
    private readonly IReadOnlyList<P1Extension> _extensions = [];

    /// <summary>actual-recipient-name [0]: the recipient as finally addressed (after any redirection or DL expansion).</summary>
    public required OrName ActualRecipientName { get; init; }

    /// <summary>originally-specified-recipient-number [1], 1..32767: the recipient's number in the subject's envelope.</summary>
    public required int OriginallySpecifiedRecipientNumber { get; init; }

    /// <summary>per-recipient-indicators [2]; bits 0 to 2 carry no meaning in a report.</summary>
    public PerRecipientIndicators Indicators { get; init; }

    /// <summary>last-trace-information [3]: when the report was generated and whether it says delivered or not.</summary>
    public required LastTraceInformation LastTrace { get; init; }

    /// <summary>originally-intended-recipient-name [4], when the message was redirected.</summary>
    public OrName? OriginallyIntendedRecipientName { get; init; }

    /// <summary>supplementary-information [5]: free text, 1..256 PrintableString characters.</summary>
    public string? SupplementaryInformation { get; init; }

    /// <summary>extensions [6]: a SET OF, so equality ignores order.</summary>
    public IReadOnlyList<P1Extension> Extensions
    {
        get => _extensions;
        init => _extensions = value is null ? [] : [.. value];
    }

    public bool Equals(P1ReportRecipient? other) =>
        other is not null
        && ActualRecipientName == other.ActualRecipientName
        && OriginallySpecifiedRecipientNumber == other.OriginallySpecifiedRecipientNumber
        && Indicators == other.Indicators
        && LastTrace == other.LastTrace
        && OriginallyIntendedRecipientName == other.OriginallyIntendedRecipientName
        && SupplementaryInformation == other.SupplementaryInformation
        && ValueEquality.Set(Extensions, other.Extensions);

    public override int GetHashCode() =>
        HashCode.Combine(ActualRecipientName, OriginallySpecifiedRecipientNumber, Indicators, LastTrace, OriginallyIntendedRecipientName,
            SupplementaryInformation, ValueEquality.SetHash(Extensions));
}
