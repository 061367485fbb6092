namespace Gateway.X400;

/// <summary>
/// X.411 MessageTransferEnvelope as the gateway uses it. Deferred delivery time, per-domain bilateral
/// information and private or valued extensions are not modelled; the decoder skips them.
/// </summary>
public sealed record P1Envelope
{
    private readonly IReadOnlyList<TraceInformationElement> _trace = [];
    private readonly IReadOnlyList<P1Recipient> _recipients = [];
    private readonly IReadOnlyList<int> _standardExtensions = [];

    public required MtsIdentifier MessageIdentifier { get; init; }

    public required OrName Originator { get; init; }

    public EncodedInformationTypes? OriginalEncodedInformationTypes { get; init; }

    public required X400ContentType ContentType { get; init; }

    /// <summary>[APPLICATION 10] PrintableString, 1..16 characters.</summary>
    public string? ContentIdentifier { get; init; }

    public Priority Priority { get; init; }

    public PerMessageIndicators PerMessageIndicators { get; init; }

    /// <summary>Oldest first; at least one entry (X.411 TraceInformation is SIZE (1..ub-transfers)).</summary>
    public required IReadOnlyList<TraceInformationElement> Trace
    {
        get => _trace;
        init => _trace = value is null ? [] : [.. value];
    }

    /// <summary>At least one.</summary>
    public required IReadOnlyList<P1Recipient> Recipients
    {
        get => _recipients;
        init => _recipients = value is null ? [] : [.. value];
    }

    /// <summary>
    /// Numbers of the standard extensions present (e.g. 3 dl-expansion-prohibited). The encoder writes each as an
    /// ExtensionField with default criticality and no value; the decoder reports every standard extension it
    /// sees, whatever its value. A SET OF: equality ignores order.
    /// </summary>
    public IReadOnlyList<int> StandardExtensions
    {
        get => _standardExtensions;
        init => _standardExtensions = value is null ? [] : [.. value];
    }

    public bool Equals(P1Envelope? other) =>
        other is not null
        && MessageIdentifier == other.MessageIdentifier
        && Originator == other.Originator
        && OriginalEncodedInformationTypes == other.OriginalEncodedInformationTypes
        && ContentType == other.ContentType
        && ContentIdentifier == other.ContentIdentifier
        && Priority == other.Priority
        && PerMessageIndicators == other.PerMessageIndicators
        && ValueEquality.Sequence(Trace, other.Trace)
        && ValueEquality.Sequence(Recipients, other.Recipients)
        && ValueEquality.Set(StandardExtensions, other.StandardExtensions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MessageIdentifier);
        hash.Add(Originator);
        hash.Add(OriginalEncodedInformationTypes);
        hash.Add(ContentType);
        hash.Add(ContentIdentifier);
        hash.Add(Priority);
        hash.Add(PerMessageIndicators);
        hash.Add(ValueEquality.SequenceHash(Trace));
        hash.Add(ValueEquality.SequenceHash(Recipients));
        hash.Add(ValueEquality.SetHash(StandardExtensions));
        return hash.ToHashCode();
    }
}
