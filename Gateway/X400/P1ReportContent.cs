namespace Gateway.X400;

/// <summary>
/// X.411 ReportTransferContent: which message the report is about (its MTS identifier and, if the originating MTA kept
/// them, its content type, content identifier and returned content) and what happened for each recipient.
/// </summary>
public sealed record P1ReportContent
{
    private readonly IReadOnlyList<TraceInformationElement> _subjectIntermediateTrace = [];
    private readonly IReadOnlyList<P1Extension> _extensions = [];
    private readonly IReadOnlyList<P1ReportRecipient> _recipients = [];

    /// <summary>subject-identifier: the MTS identifier of the message (or probe) reported on.</summary>
    public required MtsIdentifier SubjectIdentifier { get; init; }

    /// <summary>subject-intermediate-trace-information ([APPLICATION 9]), oldest first; empty when absent.</summary>
    public IReadOnlyList<TraceInformationElement> SubjectIntermediateTrace
    {
        get => _subjectIntermediateTrace;
        init => _subjectIntermediateTrace = value is null ? [] : [.. value];
    }

    public EncodedInformationTypes? OriginalEncodedInformationTypes { get; init; }

    /// <summary>The subject's content type, OPTIONAL in a report.</summary>
    public X400ContentType? ContentType { get; init; }

    /// <summary>The subject's content identifier ([APPLICATION 10], 1..16 PrintableString characters).</summary>
    public string? ContentIdentifier { get; init; }

    /// <summary>
    /// returned-content [1]: the subject's content octets, when its originator asked for them back; null when absent.
    /// Beware that a null <c>byte[]</c> converts to an empty, present value: test for null before assigning one.
    /// </summary>
    public ReadOnlyMemory<byte>? ReturnedContent { get; init; }

    /// <summary>additional-information [2], an open type X.411 keeps only for backwards compatibility; the inner element as it came.</summary>
    public BerValue? AdditionalInformation { get; init; }

    /// <summary>extensions [3]: a SET OF, so equality ignores order. X.411 allows content-correlator and private extensions here.</summary>
    public IReadOnlyList<P1Extension> Extensions
    {
        get => _extensions;
        init => _extensions = value is null ? [] : [.. value];
    }

    /// <summary>per-recipient-fields [0], at least one.</summary>
    public required IReadOnlyList<P1ReportRecipient> Recipients
    {
        get => _recipients;
        init => _recipients = value is null ? [] : [.. value];
    }

    /// <summary>The subject's content-correlator (standard-extension 23) from <see cref="Extensions"/>; null when absent.</summary>
    public ContentCorrelator? ContentCorrelator => ContentCorrelator.FromExtensions(Extensions);

    public P1ReportContent WithContentCorrelator(ContentCorrelator? correlator, Criticality criticality = Criticality.None) =>
        this with { Extensions = ContentCorrelator.Replace(Extensions, correlator, criticality) };

    public bool Equals(P1ReportContent? other) =>
        other is not null
        && SubjectIdentifier == other.SubjectIdentifier
        && ValueEquality.Sequence(SubjectIntermediateTrace, other.SubjectIntermediateTrace)
        && OriginalEncodedInformationTypes == other.OriginalEncodedInformationTypes
        && ContentType == other.ContentType
        && ContentIdentifier == other.ContentIdentifier
        && ValueEquality.Bytes(ReturnedContent, other.ReturnedContent)
        && AdditionalInformation == other.AdditionalInformation
        && ValueEquality.Set(Extensions, other.Extensions)
        && ValueEquality.Sequence(Recipients, other.Recipients);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(SubjectIdentifier);
        hash.Add(ValueEquality.SequenceHash(SubjectIntermediateTrace));
        hash.Add(OriginalEncodedInformationTypes);
        hash.Add(ContentType);
        hash.Add(ContentIdentifier);
        hash.Add(ReturnedContent?.Length);
        hash.Add(AdditionalInformation);
        hash.Add(ValueEquality.SetHash(Extensions));
        hash.Add(ValueEquality.SequenceHash(Recipients));
        return hash.ToHashCode();
    }
}
