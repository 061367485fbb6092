namespace Gateway.Cms;

/// <summary>
/// What the gateway could see of a CMS object without keys: its layers, outermost first
/// (<c>signedData</c>, <c>envelopedData</c>, …), and the content type of the innermost layer it could open.
/// </summary>
public sealed record CmsInspection(IReadOnlyList<string> Layers, string? InnerContentType, string? Error)
{
    public bool IsValid => Error is null;

    public string? OuterLayer => Layers.Count > 0 ? Layers[0] : null;
}
