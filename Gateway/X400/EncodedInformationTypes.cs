namespace Gateway.X400;

/// <summary>
/// X.411 EncodedInformationTypes: the built-in bits and the extended EIT object identifiers (e.g. the RFC 3855
/// id-eit-* OIDs that carry the S/MIME type). The non-basic parameters ([1] g3, [2] teletex, [3] g4) are not
/// modelled; the decoder skips them.
/// </summary>
public sealed record EncodedInformationTypes
{
    private readonly IReadOnlyList<string> _extended = [];

    public EncodedInformationTypes(BuiltInEncodedInformationTypes builtIn, IReadOnlyList<string>? extended = null)
    {
        BuiltIn = builtIn;
        Extended = extended ?? [];
    }

    public BuiltInEncodedInformationTypes BuiltIn { get; init; }

    /// <summary>Dotted OIDs. A SET OF: order carries no meaning and equality ignores it.</summary>
    public IReadOnlyList<string> Extended
    {
        get => _extended;
        init => _extended = value is null ? [] : [.. value];
    }

    public bool Equals(EncodedInformationTypes? other) =>
        other is not null && BuiltIn == other.BuiltIn && ValueEquality.Set(Extended, other.Extended);

    public override int GetHashCode() => HashCode.Combine(BuiltIn, ValueEquality.SetHash(Extended));
}
