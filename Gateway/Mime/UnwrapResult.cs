namespace Gateway.Mime;

/// <summary>The bare object taken out of its MIME wrapper, or why it could not be.</summary>
public sealed record UnwrapResult(byte[]? Content, string? Error)
{
    public static UnwrapResult Ok(byte[] content) => new(content, null);

    public static UnwrapResult Fail(string error) => new(null, error);
}
