namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// Raw BER, octet by octet: the corpus needs encodings no ASN.1 writer will produce (indefinite lengths on primitives,
/// non-minimal lengths, 2^63 lengths, unterminated structures), so it writes tags and lengths itself.
/// </summary>
internal static class Ber
{
    public static byte[] Tlv(byte tag, params byte[][] contents) => [tag, .. Length(contents.Sum(c => c.Length)), .. contents.SelectMany(c => c)];

    /// <summary>A primitive element of the octets given.</summary>
    public static byte[] Value(byte tag, params byte[] content) => Tlv(tag, content);

    /// <summary>An indefinite-length constructed element with its end-of-contents.</summary>
    public static byte[] Indefinite(byte tag, params byte[][] contents) => [tag, 0x80, .. contents.SelectMany(c => c), 0x00, 0x00];

    public static byte[] Seq(params byte[][] contents) => Tlv(0x30, contents);

    public static byte[] Set(params byte[][] contents) => Tlv(0x31, contents);

    public static byte[] Explicit0(params byte[][] contents) => Tlv(0xA0, contents);

    public static byte[] Int(params byte[] value) => Tlv(0x02, value);

    public static byte[] Octets(byte[] value) => Tlv(0x04, value);

    public static byte[] Null() => [0x05, 0x00];

    public static byte[] Oid(string dotted)
    {
        var arcs = dotted.Split('.').Select(ulong.Parse).ToArray();
        var body = new List<byte>();
        body.AddRange(Arc(arcs[0] * 40 + arcs[1]));
        foreach (var arc in arcs.Skip(2)) body.AddRange(Arc(arc));
        return Tlv(0x06, [.. body]);
    }

    public static byte[] Arc(ulong value)
    {
        var septets = new List<byte> { (byte)(value & 0x7F) };
        for (value >>= 7; value > 0; value >>= 7) septets.Insert(0, (byte)(0x80 | (value & 0x7F)));
        return [.. septets];
    }

    /// <summary>The shortest definite length (X.690 §10.1).</summary>
    public static byte[] Length(int length)
    {
        if (length < 0x80) return [(byte)length];
        var octets = BitConverter.GetBytes(length).Reverse().SkipWhile(b => b == 0).ToArray();
        return [(byte)(0x80 | octets.Length), .. octets];
    }

    /// <summary><paramref name="depth"/> constructed elements of <paramref name="tag"/> each holding the next, around <paramref name="core"/>.</summary>
    public static byte[] Nested(byte tag, int depth, byte[] core)
    {
        // Headers from the inside out, written outermost first: copying 10,000 levels would be quadratic.
        var headers = new byte[depth][];
        var length = core.Length;
        for (var i = 0; i < depth; i++)
        {
            headers[i] = [tag, .. Length(length)];
            length += headers[i].Length;
        }
        return [.. headers.Reverse().SelectMany(h => h), .. core];
    }

    /// <summary><paramref name="depth"/> indefinite-length elements, all closed (or, unterminated, none of them).</summary>
    public static byte[] NestedIndefinite(byte tag, int depth, byte[] core, bool terminated = true)
    {
        var open = Enumerable.Repeat(new[] { tag, (byte)0x80 }, depth).SelectMany(x => x);
        var close = terminated ? new byte[depth * 2] : [];
        return [.. open, .. core, .. close];
    }
}
