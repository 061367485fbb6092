namespace Gateway.X400;

/// <summary>X.411 PerRecipientMessageTransferFields.</summary>
/// <param name="OriginallySpecifiedRecipientNumber">1..32767, unique within the message.</param>
public sealed record P1Recipient(OrName Name, int OriginallySpecifiedRecipientNumber, PerRecipientIndicators Indicators)
{
    private readonly IReadOnlyList<P1Extension> _extensions = [];

    /// <summary>explicit-conversion [2] INTEGER (0..ub-integer-options), e.g. 11 teletex-to-ia5-text; null when absent.</summary>
    public int? ExplicitConversion { get; init; }

    /// <summary>extensions [3]: a SET OF, so equality ignores order; at most one of each type.</summary>
    public IReadOnlyList<P1Extension> Extensions
    {
        get => _extensions;
        init => _extensions = value is null ? [] : [.. value];
    }

    public bool Equals(P1Recipient? other) =>
        other is not null
        && Name == other.Name
        && OriginallySpecifiedRecipientNumber == other.OriginallySpecifiedRecipientNumber
        && Indicators == other.Indicators
        && ExplicitConversion == other.ExplicitConversion
        && ValueEquality.Set(Extensions, other.Extensions);

    public override int GetHashCode() =>
        HashCode.Combine(Name, OriginallySpecifiedRecipientNumber, Indicators, ExplicitConversion, ValueEquality.SetHash(Extensions));
}
