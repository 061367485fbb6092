using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Integration.Load;

/// <summary>Counting what arrived: how many messages or files hold each token.</summary>
internal static class TokenCounts
{
    /// <summary>How often each token matching <paramref name="pattern"/> occurs, one count per item that holds it.</summary>
    public static Dictionary<string, int> Of(IEnumerable<byte[]> items, Regex pattern)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var token in pattern.Matches(Encoding.Latin1.GetString(item)).Select(m => m.Value).Distinct())
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }
        return counts;
    }

    /// <summary>Beyond the first of each: the duplicates.</summary>
    public static int Duplicates(Dictionary<string, int> counts) => counts.Values.Sum(c => c - 1);
}
