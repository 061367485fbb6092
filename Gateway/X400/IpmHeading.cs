namespace Gateway.X400;

/// <summary>
/// The parts of an X.420 IPM Heading the gateway maps to RFC 822 headers. Other heading members (authorizing
/// users, replied-to IPM, expiry time, extensions, ...) are skipped by <see cref="IpmHeadingReader"/>.
/// </summary>
public sealed record IpmHeading
{
    private readonly IReadOnlyList<OrDescriptor> _primaryRecipients = [];
    private readonly IReadOnlyList<OrDescriptor> _copyRecipients = [];
    private readonly IReadOnlyList<OrDescriptor> _blindCopyRecipients = [];

    /// <summary>this-IPM, the only heading member X.420 requires.</summary>
    public required IpmIdentifier ThisIpm { get; init; }

    /// <summary>originator [0]; absent in a heading that does not name one.</summary>
    public OrDescriptor? Originator { get; init; }

    /// <summary>primary-recipients [2], in the order of the SEQUENCE OF.</summary>
    public IReadOnlyList<OrDescriptor> PrimaryRecipients
    {
        get => _primaryRecipients;
        // Copied so that a caller's later change to its list cannot change a heading already in use.
        init => _primaryRecipients = value is null ? [] : [.. value];
    }

    /// <summary>copy-recipients [3].</summary>
    public IReadOnlyList<OrDescriptor> CopyRecipients
    {
        get => _copyRecipients;
        init => _copyRecipients = value is null ? [] : [.. value];
    }

    /// <summary>blind-copy-recipients [4].</summary>
    public IReadOnlyList<OrDescriptor> BlindCopyRecipients
    {
        get => _blindCopyRecipients;
        init => _blindCopyRecipients = value is null ? [] : [.. value];
    }

    /// <summary>subject [8]; null when absent, which differs from an empty subject.</summary>
    public string? Subject { get; init; }

    public IpmImportance Importance { get; init; } = IpmImportance.Normal;

    public IpmSensitivity? Sensitivity { get; init; }

    public bool Equals(IpmHeading? other) =>
        other is not null
        && ThisIpm == other.ThisIpm
        && Originator == other.Originator
        && ValueEquality.Sequence(PrimaryRecipients, other.PrimaryRecipients)
        && ValueEquality.Sequence(CopyRecipients, other.CopyRecipients)
        && ValueEquality.Sequence(BlindCopyRecipients, other.BlindCopyRecipients)
        && Subject == other.Subject
        && Importance == other.Importance
        && Sensitivity == other.Sensitivity;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ThisIpm);
        hash.Add(Originator);
        hash.Add(ValueEquality.SequenceHash(PrimaryRecipients));
        hash.Add(ValueEquality.SequenceHash(CopyRecipients));
        hash.Add(ValueEquality.SequenceHash(BlindCopyRecipients));
        hash.Add(Subject);
        hash.Add(Importance);
        hash.Add(Sensitivity);
        return hash.ToHashCode();
    }
}
