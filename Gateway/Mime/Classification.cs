using Gateway.X400;

namespace Gateway.Mime;

/// <summary>
/// What <see cref="Rfc3854Classifier"/> found: the kind, the X.400 content type of x400-content, or, when the
/// body claims an RFC 3854 form but its parameters are wrong, the error that says why.
/// </summary>
public sealed record Classification(MessageKind Kind, X400ContentType? ContentType = null, string? Error = null)
{
    public static readonly Classification Mime = new(MessageKind.Mime);

    public bool IsValid => Error is null;
}
