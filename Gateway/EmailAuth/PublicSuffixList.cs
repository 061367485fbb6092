using System.Globalization;

namespace Gateway.EmailAuth;

/// <summary>
/// The Public Suffix List (publicsuffix.org; Debian's publicsuffix package ships it as
/// /usr/share/publicsuffix/public_suffix_list.dat): rules, wildcards (*.) and exceptions (!). Gives the organisational
/// domain of RFC 7489 §3.2: the public suffix plus one label. A domain no rule covers has the implicit rule "*".
/// </summary>
public sealed class PublicSuffixList
{
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wildcards = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _exceptions = new(StringComparer.OrdinalIgnoreCase);

    private PublicSuffixList(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            line = line.Split(' ', '\t')[0];
            var ascii = ToAscii(line.TrimStart('!', '*', '.'));
            if (line.StartsWith('!')) _exceptions.Add(ascii);
            else if (line.StartsWith("*.", StringComparison.Ordinal)) _wildcards.Add(ascii);
            else _rules.Add(ascii);
        }
    }

    public int Count => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PublicSuffixList Load(string path) => new(File.ReadLines(path));

    public static PublicSuffixList Parse(string text) => new(text.Split('\n'));

    /// <summary>The public suffix of <paramref name="domain"/> (the longest matching rule, exceptions first).</summary>
    public string PublicSuffix(string domain)
    {
        var labels = ToAscii(domain.TrimEnd('.')).ToLowerInvariant().Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (_exceptions.Contains(candidate)) return string.Join('.', labels[(i + 1)..]);
            if (_rules.Contains(candidate)) return candidate;
            if (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..]))) return candidate;
        }
        return labels[^1];
    }

    /// <summary>The organisational domain: the public suffix and one more label; the domain itself when it is a public suffix.</summary>
    public string OrganizationalDomain(string domain)
    {
        var labels = ToAscii(domain.TrimEnd('.')).ToLowerInvariant().Split('.');
        var suffixLabels = PublicSuffix(domain).Split('.').Length;
        return labels.Length <= suffixLabels ? string.Join('.', labels) : string.Join('.', labels[^(suffixLabels + 1)..]);
    }

    private static string ToAscii(string name)
    {
        if (name.All(char.IsAscii)) return name;
        try
        {
            return new IdnMapping().GetAscii(name);
        }
        catch (ArgumentException)
        {
            return name;
        }
    }
}
