using System.Buffers;

namespace Gateway.X400.Mapping;

/// <summary>DNS host-name syntax (RFC 1123 §2.1): what a mapped domain and the labels made of O and OU values must be.</summary>
internal static class DomainName
{
    public const int MaxLength = 253;

    private static readonly SearchValues<char> LabelCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        var span = name.AsSpan();
        foreach (var range in span.Split('.'))
        {
            if (!IsLabel(span[range])) return false;
        }
        return true;
    }

    public static bool IsLabel(ReadOnlySpan<char> label) =>
        label.Length is > 0 and <= 63
        && label[0] != '-' && label[^1] != '-'
        && !label.ContainsAnyExcept(LabelCharacters);

    /// <summary>True when <paramref name="domain"/> is <paramref name="suffix"/> or ends with "." + suffix (case-insensitive).</summary>
    public static bool IsAtOrBelow(string domain, string suffix) =>
        domain.Length == suffix.Length
            ? domain.Equals(suffix, StringComparison.OrdinalIgnoreCase)
            : domain.Length > suffix.Length && domain[domain.Length - suffix.Length - 1] == '.'
                && domain.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
}
