namespace Gateway.Mime;

/// <summary>The bare object taken out of its MIME wrapper, or why it could not be.</summary>
/// <param name="Owner">What holds the content when it is not plain memory (a file); disposed with the result.</param>
public sealed record UnwrapResult(ReadOnlyMemory<byte> Content, string? Error, IDisposable? Owner = null) : IDisposable
{
    public static UnwrapResult Ok(ReadOnlyMemory<byte> content, IDisposable? owner = null) => new(content, null, owner);

    public static UnwrapResult Fail(string error) => new(ReadOnlyMemory<byte>.Empty, error);

    public void Dispose() => Owner?.Dispose();
}
