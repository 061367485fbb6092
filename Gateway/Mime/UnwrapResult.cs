namespace Gateway.Mime;

/// <summary>The bare object taken out of its MIME wrapper, or why it could not be.</summary>
public sealed record UnwrapResult(ReadOnlyMemory<byte> Content, string? Error)
{
    public static UnwrapResult Ok(ReadOnlyMemory<byte> content) => new(content, null);

    public static UnwrapResult Fail(string error) => new(ReadOnlyMemory<byte>.Empty, error);
}
