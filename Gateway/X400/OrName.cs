namespace Gateway.X400;

/// <summary>
/// X.411 ORName: an O/R address and an optional directory name. Directory names are not modelled yet: the
/// decoder skips one and sets <see cref="HadDirectoryName"/> so that callers can tell the name was not complete;
/// the encoder never writes one.
/// </summary>
public sealed record OrName(OrAddress Address)
{
    /// <summary>True when the decoded ORName carried a <c>[0]</c> directory-name that was skipped.</summary>
    public bool HadDirectoryName { get; init; }
}
