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

    public static int SetHash(IReadOnlyList<string> list) => SequenceHash(list.Order(StringComparer.Ordinal).ToArray());

    public static int SetHash(IReadOnlyList<int> list) => SequenceHash(list.Order().ToArray());
}
