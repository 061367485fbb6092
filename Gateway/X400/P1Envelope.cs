namespace Gateway.X400;

/// <summary>
/// X.411 MessageTransferEnvelope. Every member is kept: what the gateway does not interpret (per-domain bilateral
/// information, extension values) is held as the BER it came in, so that a message relayed through the codec leaves
/// as it arrived.
/// </summary>
public sealed record P1Envelope
{
    private readonly IReadOnlyList<TraceInformationElement> _trace = [];
    private readonly IReadOnlyList<P1Recipient> _recipients = [];
    private readonly IReadOnlyList<BerValue> _perDomainBilateralInformation = [];
    private readonly IReadOnlyList<P1Extension> _extensions = [];

    public required MtsIdentifier MessageIdentifier { get; init; }

    public required OrName Originator { get; init; }

    public EncodedInformationTypes? OriginalEncodedInformationTypes { get; init; }

    public required X400ContentType ContentType { get; init; }

    /// <summary>[APPLICATION 10] PrintableString, 1..16 characters.</summary>
    public string? ContentIdentifier { get; init; }

    public Priority Priority { get; init; }

    public PerMessageIndicators PerMessageIndicators { get; init; }

    /// <summary>deferred-delivery-time [0] (UTCTime, so whole seconds, 1950..2049): deliver no earlier than this.</summary>
    public DateTimeOffset? DeferredDeliveryTime { get; init; }

    /// <summary>
    /// per-domain-bilateral-information [1]: each PerDomainBilateralInformation SEQUENCE as it came, in order. Its
    /// bilateral-information is whatever two domains agreed, so the gateway can only carry it. Empty when absent.
    /// </summary>
    public IReadOnlyList<BerValue> PerDomainBilateralInformation
    {
        get => _perDomainBilateralInformation;
        init => _perDomainBilateralInformation = value is null ? [] : [.. value];
    }

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
    /// extensions [3]: standard and private, with their criticality and value. A SET OF: equality ignores order, the
    /// encoder sorts them as DER does, and X.411 allows at most one of each type.
    /// </summary>
    public IReadOnlyList<P1Extension> Extensions
    {
        get => _extensions;
        init => _extensions = value is null ? [] : [.. value];
    }

    /// <summary>The content-correlator extension (standard-extension 23), read from <see cref="Extensions"/>; null when absent.</summary>
    public ContentCorrelator? ContentCorrelator => ContentCorrelator.FromExtensions(Extensions);

    /// <summary>Whether the standard extension with this number is present (e.g. 3 dl-expansion-prohibited), whatever its value.</summary>
    public bool HasStandardExtension(int number) => Extensions.Any(e => e.Type.StandardNumber == number);

    /// <summary>A copy with the content-correlator extension set to <paramref name="correlator"/>, or removed for null.</summary>
    public P1Envelope WithContentCorrelator(ContentCorrelator? correlator, Criticality criticality = Criticality.None) =>
        this with { Extensions = ContentCorrelator.Replace(Extensions, correlator, criticality) };

    public bool Equals(P1Envelope? other) =>
        other is not null
        && MessageIdentifier == other.MessageIdentifier
        && Originator == other.Originator
        && OriginalEncodedInformationTypes == other.OriginalEncodedInformationTypes
        && ContentType == other.ContentType
        && ContentIdentifier == other.ContentIdentifier
        && Priority == other.Priority
        && PerMessageIndicators == other.PerMessageIndicators
        && DeferredDeliveryTime == other.DeferredDeliveryTime
        && ValueEquality.Sequence(PerDomainBilateralInformation, other.PerDomainBilateralInformation)
        && ValueEquality.Sequence(Trace, other.Trace)
        && ValueEquality.Sequence(Recipients, other.Recipients)
        && ValueEquality.Set(Extensions, other.Extensions);

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
        hash.Add(DeferredDeliveryTime);
        hash.Add(ValueEquality.SequenceHash(PerDomainBilateralInformation));
        hash.Add(ValueEquality.SequenceHash(Trace));
        hash.Add(ValueEquality.SequenceHash(Recipients));
        hash.Add(ValueEquality.SetHash(Extensions));
        return hash.ToHashCode();
    }
}
