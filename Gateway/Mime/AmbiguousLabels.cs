using System.Text;
using MimeKit;

namespace Gateway.Mime;

/// <summary>
/// What a message says twice where the RFC 3854 decision rests: the Content-Type or Content-Transfer-Encoding field, or
/// the smime-type or content-type parameter (plainly, or plainly and in RFC 2231 sections, or one section twice). MimeKit
/// keeps one of them and another reader may keep the other, so the gateway would decide on one label while the X.400
/// side or a later MIME reader sees another: such a message is refused, not guessed at.
/// </summary>
public static class AmbiguousLabels
{
    private static readonly string[] DecidingParameters = ["smime-type", "content-type"];

    /// <summary>Null, or what the top-level <paramref name="body"/> says twice.</summary>
    public static string? Find(MimeEntity body)
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (var id in (HeaderId[])[HeaderId.ContentType, HeaderId.ContentTransferEncoding])
        {
            var fields = body.Headers.Where(h => h.Id == id).ToList();
            if (fields.Count > 1) return $"the {fields[0].Field} header field appears {fields.Count} times";
        }
        if (body.Headers.FirstOrDefault(h => h.Id == HeaderId.ContentType) is not { } contentType) return null;
        var names = ParameterNames(Encoding.Latin1.GetString(contentType.RawValue));
        foreach (var parameter in DecidingParameters)
        {
            if (IsRepeated(names, parameter)) return $"the {parameter} parameter of Content-Type is given more than once";
            if (!SectionsRunFromZero(names, parameter)) return $"the RFC 2231 sections of the {parameter} parameter are not numbered 0, 1, 2 and so on";
        }
        return null;
    }

    /// <summary>The parameter names of a Content-Type value, lower-cased, RFC 2231 section suffixes kept ("name*0*").</summary>
    private static List<string> ParameterNames(string value)
    {
        var names = new List<string>();
        var inQuote = false;
        var start = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuote)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuote = false;
            }
            else if (c == '"')
            {
                inQuote = true;
            }
            else if (c == ';')
            {
                start = i + 1;
            }
            else if (c == '=' && start >= 0)
            {
                names.Add(value[start..i].Trim().ToLowerInvariant());
                start = -1;
            }
        }
        return names;
    }

    /// <summary>
    /// RFC 2231 §3: the sections of a continued parameter are numbered from 0 without gaps; MimeKit joins whatever sections
    /// there are (or drops the parameter), so "name*1" alone or "name*0, name*2" would be read as something nobody sent.
    /// </summary>
    private static bool SectionsRunFromZero(List<string> names, string parameter)
    {
        List<int>? indexes = null;
        foreach (var name in names)
        {
            if (name.Length <= parameter.Length + 1 || !name.StartsWith(parameter, StringComparison.Ordinal) || name[parameter.Length] != '*'
                || name[parameter.Length + 1] == '*')
            {
                continue;
            }
            (indexes ??= []).Add(int.TryParse(name.AsSpan(parameter.Length + 1).TrimEnd('*'), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : -1);
        }
        if (indexes is null) return true;
        indexes.Sort();
        for (var position = 0; position < indexes.Count; position++)
        {
            if (indexes[position] != position) return false;
        }
        return true;
    }

    /// <summary>Plain "name" or "name*" counts once each, all "name*N" sections together once; a section index twice is a repeat too.</summary>
    private static bool IsRepeated(List<string> names, string parameter)
    {
        var whole = 0;
        var sections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (name == parameter || name == parameter + "*")
            {
                whole++;
            }
            else if (name.StartsWith(parameter + "*", StringComparison.Ordinal))
            {
                if (!sections.Add(name.TrimEnd('*'))) return true;
            }
        }
        return whole + (sections.Count > 0 ? 1 : 0) > 1;
    }
}
