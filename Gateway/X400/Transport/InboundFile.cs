namespace Gateway.X400.Transport;

/// <summary>One inbound .p1 file as found in the drop.</summary>
/// <param name="Instance">The instance that claimed it; only for <see cref="InboundFileState.Claimed"/>.</param>
/// <param name="Why">The reason file beside it; only for <see cref="InboundFileState.Failed"/> (it may be missing).</param>
public sealed record InboundFile(InboundFileState State, string? Instance, string Path, string? Why)
{
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>As operators read it: <c>waiting</c>, <c>claimed by &lt;instance&gt;</c>, <c>failed</c>.</summary>
    public string StateText => State switch
    {
        InboundFileState.Waiting => "waiting",
        InboundFileState.Claimed => $"claimed by {Instance}",
        _ => "failed",
    };
}
