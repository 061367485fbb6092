namespace Gateway.Tests.Integration.Load;

/// <summary>What the load tests check in the end: each accepted message and dropped file where its route says.</summary>
internal static class Arrivals
{
    /// <summary>
    /// Tokens not (yet) where they must be, in order: a message for X.400 not in <paramref name="x400"/> (the tokens in
    /// out/), one for SMTP not in <paramref name="atSink"/>, a dropped <c>.p1</c> not at the sink.
    /// </summary>
    public static List<string> Missing(IEnumerable<KeyValuePair<string, LoadRoute>> accepted, IEnumerable<string> dropped,
        IReadOnlyDictionary<string, int> x400, IReadOnlyDictionary<string, int> atSink) =>
        [.. accepted.Where(a => (a.Value != LoadRoute.Smtp && !x400.ContainsKey(a.Key)) || (a.Value != LoadRoute.X400 && !atSink.ContainsKey(a.Key)))
            .Select(a => a.Key).Concat(dropped.Where(d => !atSink.ContainsKey(d))).Order(StringComparer.Ordinal)];
}
