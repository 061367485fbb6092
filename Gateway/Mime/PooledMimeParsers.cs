using System.Collections.Concurrent;
using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// MimeKit parsers kept for the next message. A parser allocates its read-ahead and header buffers when made (about
/// 5 KiB), and the relay made one, with its own <see cref="ParserOptions"/>, for every message received.
/// </summary>
public static class PooledMimeParsers
{
    // Enough for every session of a busy gateway; beyond that a parser is simply left to the collector.
    private const int Keep = 64;

    // Never changed after this: shared by every parse.
    private static readonly ParserOptions Options = new();
    private static readonly ConcurrentBag<MimeParser> Idle = [];
    private static int _idleCount;

    /// <summary>
    /// As <c>MimeMessage.LoadAsync(options, stream, persistent: true)</c>: the parts' content stays in
    /// <paramref name="stream"/>, which must outlive the message.
    /// </summary>
    public static async Task<MimeMessage> LoadMessageAsync(Stream stream, CancellationToken cancellationToken)
    {
        MimeParser parser;
        if (Idle.TryTake(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            parser = idle;
            parser.SetStream(stream, MimeFormat.Entity, persistent: true);
        }
        else
        {
            parser = new MimeParser(Options, stream, MimeFormat.Entity, persistent: true);
        }
        // A parse that threw is not given back: nothing of its state is reused.
        var message = await parser.ParseMessageAsync(cancellationToken);
        if (Interlocked.Increment(ref _idleCount) <= Keep) Idle.Add(parser);
        else Interlocked.Decrement(ref _idleCount);
        return message;
    }
}
