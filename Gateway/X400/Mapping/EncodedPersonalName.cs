using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Gateway.X400.Mapping;

/// <summary>
/// The RFC 2156 <c>encoded-pn</c>: a local part <c>[given "."] *(initial ".") surname</c> standing for an
/// X.400 personal name. A given name has at least two characters, so a one-letter first part is an initial:
/// <c>Steve.Kille</c> is G=Steve S=Kille, <c>J.Q.Public</c> is I=JQ S=Public, <c>John.Q.Public</c> is G=John I=Q S=Public.
/// There is no place for a generation qualifier, and no part may contain a dot.
/// </summary>
internal static class EncodedPersonalName
{
    public const string Forms = "surname, given.surname, given.i.surname or i.surname";

    /// <summary>The address with the personal name that <paramref name="local"/> encodes, validated against X.411.</summary>
    public static bool TryApply(OrAddress under, string local, [NotNullWhen(true)] out OrAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = Split(local, out var given, out var initials, out var surname);
        if (error is null)
        {
            var candidate = under with { GivenName = given, Initials = initials, Surname = surname };
            if (candidate.TryValidate(out error)) address = candidate;
        }
        if (address is null) error = $"the local part '{local}' is not an RFC 2156 personal name ({Forms}): {error}";
        return address is not null;
    }

    /// <summary>
    /// The local part for the personal name of <paramref name="address"/>, or null when it has none or one that
    /// encoded-pn cannot write (a generation qualifier, a one-letter given name, a dot in a part, an initial that is not a letter).
    /// </summary>
    public static string? Format(OrAddress address)
    {
        if (address.Surname is not { } surname || address.GenerationQualifier is not null || surname.Contains('.')) return null;
        var parts = new List<string>();
        if (address.GivenName is { } given)
        {
            if (given.Length < 2 || given.Contains('.')) return null;
            parts.Add(given);
        }
        if (address.Initials is { } initials)
        {
            if (!initials.All(char.IsAsciiLetter)) return null;
            parts.AddRange(initials.Select(c => c.ToString()));
        }
        parts.Add(surname);
        return string.Join('.', parts);
    }

    private static string? Split(string local, out string? given, out string? initials, out string surname)
    {
        given = null;
        initials = null;
        var parts = local.Split('.');
        surname = parts[^1];
        if (parts.Any(p => p.Length == 0)) return "it has an empty part";
        var first = 0;
        if (parts.Length > 1 && parts[0].Length > 1)
        {
            given = parts[0];
            first = 1;
        }
        var letters = new StringBuilder();
        for (var i = first; i < parts.Length - 1; i++)
        {
            if (parts[i].Length != 1 || !char.IsAsciiLetter(parts[i][0]))
            {
                return i == 0
                    ? $"'{parts[i]}' is neither a given name (two characters or more) nor an initial (one letter)"
                    : $"'{parts[i]}' before the surname is not a one-letter initial";
            }
            letters.Append(parts[i]);
        }
        if (letters.Length > 0) initials = letters.ToString();
        return null;
    }
}
