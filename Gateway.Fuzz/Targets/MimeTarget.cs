using System.Text;
using Gateway.Mime;
using MimeKit;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// A message as the relay reads it: parsed by MimeKit, its body classified by RFC 3854 and unwrapped to the object it
/// carries. And the input as base64 for <see cref="StrictBase64"/>, which must accept exactly what the runtime's
/// decoder accepts (both allow only CR, LF, space and tab besides the alphabet and final padding) and decode it the same.
/// </summary>
public static class MimeTarget
{
    private const long MaxSize = 1024 * 1024;

    public static string Run(byte[] input) => string.Join('\n', $"message: {Message(input)}", $"base64: {Base64(input)}");

    private static string Message(byte[] input)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new ParserOptions(), new MemoryStream(input, writable: false), persistent: true);
        }
        catch (FormatException e)
        {
            return $"not RFC 5322/MIME: {e.Message}";
        }
        var body = message.Body;
        var classification = Rfc3854Classifier.Classify(body?.ContentType, body?.ContentDisposition);
        var kind = classification.IsValid ? classification.Kind.ToString() : $"refused: {classification.Error}";
        if (body is null) return $"{kind}, no body";
        using var unwrapped = Rfc3854Unwrapper.UnwrapAsync(body, MaxSize, CancellationToken.None).GetAwaiter().GetResult();
        return unwrapped.Error is { } error ? $"{kind}, unwrap refused: {error}" : $"{kind}, {unwrapped.Content.Length} octets";
    }

    private static string Base64(byte[] input)
    {
        using var output = new MemoryStream();
        var error = StrictBase64.DecodeAsync(new MemoryStream(input, writable: false), output, CancellationToken.None).GetAwaiter().GetResult();
        byte[]? expected;
        try
        {
            expected = Convert.FromBase64String(Encoding.Latin1.GetString(input));
        }
        catch (FormatException)
        {
            expected = null;
        }
        if (error is null && expected is null) throw new InvariantViolationException("StrictBase64 accepts what Convert.FromBase64String refuses");
        if (error is not null && expected is not null) throw new InvariantViolationException($"StrictBase64 refuses what Convert.FromBase64String accepts: {error}");
        if (expected is not null && !output.ToArray().AsSpan().SequenceEqual(expected))
        {
            throw new InvariantViolationException("StrictBase64 decodes to other octets than Convert.FromBase64String");
        }
        return error is null ? $"{expected!.Length} octets" : $"refused: {error}";
    }
}
