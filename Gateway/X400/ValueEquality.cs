namespace Gateway.X400;

/// <summary>
/// Value equality for the list-valued members of the X.400 records: the compiler-generated record equality
/// compares list references, which would make every decoded value differ from the one that was encoded.
/// SEQUENCE OF members compare in order; SET OF members compare as sets, because DER reorders them.
/// </summary>
internal static class ValueEquality
{
    public static bool Sequence<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    public static int SequenceHash<T>(IReadOnlyList<T> list)
    {
        var hash = new HashCode();
        foreach (var item in list) hash.Add(item);
        return hash.ToHashCode();
    }

    public static bool Set(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal), StringComparer.Ordinal);

    public static bool Set(IReadOnlyList<int> a, IReadOnlyList<int> b) => a.Count == b.Count && a.Order().SequenceEqual(b.Order());

    /// <summary>Multiset equality for values without a natural order (extensions, raw SET members).</summary>
    public static bool Set<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
        where T : class
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        var unmatched = b.ToList();
        foreach (var item in a)
        {
            var at = unmatched.FindIndex(x => EqualityComparer<T>.Default.Equals(x, item));
            if (at < 0) return false;
            unmatched.RemoveAt(at);
        }
        return true;
    }

    public static int SetHash<T>(IReadOnlyList<T> list)
        where T : class
    {
        // A sum does not depend on the order.
        var sum = 0;
        foreach (var item in list) sum = unchecked(sum + (item?.GetHashCode() ?? 0));
        return sum;
    }

    public static bool Bytes(ReadOnlyMemory<byte>? a, ReadOnlyMemory<byte>? b) =>
        a is { } x ? b is { } y && x.Span.SequenceEqual(y.Span) : b is null;

    public static int SetHash(IReadOnlyList<string> list) => SequenceHash(list.Order(StringComparer.Ordinal).ToArray());

    public static int SetHash(IReadOnlyList<int> list) => SequenceHash(list.Order().ToArray());
}
