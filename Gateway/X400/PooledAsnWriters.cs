using System.Formats.Asn1;

namespace Gateway.X400;

/// <summary>
/// AsnWriters kept per thread for the P1 encoders. An envelope is written as dozens of small values encoded on their own
/// (every SET member, see <see cref="DerSet"/>), and a new AsnWriter grows its buffer from nothing, a KiB at a time, for
/// each: a fifth of all the octets the gateway allocated per 10 KB message. Encoding never awaits, so a writer rented on
/// a thread goes back to that thread's stack; nested values rent the next one down.
/// </summary>
internal static class PooledAsnWriters
{
    // Deeper than the nesting of separately encoded values in an envelope (five or six); past it writers are simply
    // not kept.
    private const int KeptPerThread = 8;

    // An envelope's parts take a few KiB; a writer that held more (a whole content, thousands of recipients) is not
    // kept, so what the pool holds stays below threads × 2 × 8 × 16 KiB however large the messages were.
    private const int LargestKept = 16 * 1024;

    [ThreadStatic]
    private static Stack<AsnWriter>? t_der;

    [ThreadStatic]
    private static Stack<AsnWriter>? t_ber;

    /// <summary>The encoding of what <paramref name="write"/> writes; if it throws, the writer is dropped with its half-written state.</summary>
    public static byte[] Encode(AsnEncodingRules rules, Action<AsnWriter> write)
    {
        var writer = Rent(rules);
        write(writer);
        var encoded = writer.Encode();
        Return(writer);
        return encoded;
    }

    public static AsnWriter Rent(AsnEncodingRules rules) =>
        Stack(rules) is { Count: > 0 } stack ? stack.Pop() : new AsnWriter(rules);

    /// <summary>Takes back a writer whose scopes are all closed (a failed write's writer is not returned).</summary>
    public static void Return(AsnWriter writer)
    {
        if (writer.GetEncodedLength() > LargestKept) return;
        var stack = Stack(writer.RuleSet);
        if (stack is null || stack.Count >= KeptPerThread) return;
        writer.Reset();
        stack.Push(writer);
    }

    private static Stack<AsnWriter>? Stack(AsnEncodingRules rules) => rules switch
    {
        AsnEncodingRules.DER => t_der ??= new Stack<AsnWriter>(),
        AsnEncodingRules.BER => t_ber ??= new Stack<AsnWriter>(),
        _ => null,
    };
}
