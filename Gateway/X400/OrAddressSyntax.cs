using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Gateway.X400;

/// <summary>
/// The two textual forms of an O/R address: RFC 2156 (MIXER) §4.1 std-or-address <c>/S=Kille/O=Isode/ADMD= /C=GB/</c>
/// with <c>$</c> quoting, and the RFC 1685 / Exchange display form <c>C=GB;A= ;P=Isode;O=Isode;S=Kille</c>.
/// </summary>
internal static class OrAddressSyntax
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out OrAddress? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the O/R address is empty";
            return false;
        }
        var stdForm = text[0] == '/';
        error = stdForm ? SplitStd(text, out var components) : SplitRfc1685(text, out components);
        if (error is not null) return false;

        var builder = new Builder(stdForm);
        foreach (var (key, value) in components)
        {
            error = builder.Add(key, value);
            if (error is not null) return false;
        }
        error = builder.TryBuild(out var built);
        if (error is not null) return false;
        if (!built!.TryValidate(out error)) return false;
        address = built;
        return true;
    }

    public static string FormatStdOrAddress(OrAddress a)
    {
        // Least significant first and C last (RFC 2156 §4.1.2). Domain-defined attributes are finer-grained
        // than anything else in the address, so they lead; OUs sit between the person and O, deepest first.
        var sb = new StringBuilder("/");
        foreach (var dda in a.DomainDefinedAttributes) AppendStd(sb, "DD." + dda.Type, dda.Value);
        AppendStd(sb, "CN", a.CommonName);
        AppendStd(sb, "G", a.GivenName);
        AppendStd(sb, "I", a.Initials);
        AppendStd(sb, "S", a.Surname);
        AppendStd(sb, "GQ", a.GenerationQualifier);
        for (var i = a.OrganizationalUnits.Count - 1; i >= 0; i--) AppendStd(sb, "OU" + (i + 1).ToString(CultureInfo.InvariantCulture), a.OrganizationalUnits[i]);
        AppendStd(sb, "O", a.Organization);
        AppendStd(sb, "PRMD", a.PrivateDomain);
        AppendStd(sb, "ADMD", a.AdministrationDomain);
        AppendStd(sb, "C", a.Country);
        return sb.ToString();
    }

    public static string FormatRfc1685(OrAddress a)
    {
        // RFC 1685 has no quoting; none is needed because ';' is not a PrintableString character.
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (value is not null) parts.Add(key + "=" + value);
        }
        Add("C", a.Country);
        Add("A", a.AdministrationDomain);
        Add("P", a.PrivateDomain);
        Add("O", a.Organization);
        for (var i = 0; i < a.OrganizationalUnits.Count; i++) Add("OU" + (i + 1).ToString(CultureInfo.InvariantCulture), a.OrganizationalUnits[i]);
        Add("S", a.Surname);
        Add("G", a.GivenName);
        Add("I", a.Initials);
        Add("Q", a.GenerationQualifier);
        Add("CN", a.CommonName);
        foreach (var dda in a.DomainDefinedAttributes) Add("DDA:" + dda.Type, dda.Value);
        return string.Join(';', parts);
    }

    private static void AppendStd(StringBuilder sb, string key, string? value)
    {
        if (value is null) return;
        AppendQuoted(sb, key);
        sb.Append('=');
        AppendQuoted(sb, value);
        sb.Append('/');
    }

    private static void AppendQuoted(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            if (c is '/' or '=' or '$') sb.Append('$');
            sb.Append(c);
        }
    }

    private static string? SplitStd(string text, out List<(string Key, string Value)> components)
    {
        components = [];
        var pos = 1;
        while (pos < text.Length)
        {
            var start = pos;
            var error = ReadQuoted(text, ref pos, stopAt: '=', out var key, out var stop);
            if (error is not null) return error;
            if (stop != '=')
            {
                return key.Length == 0
                    ? $"empty component at position {start + 1} (two '/' in a row)"
                    : $"component {X411.Show(key)} at position {start + 1} has no '='";
            }
            error = ReadQuoted(text, ref pos, stopAt: '/', out var value, out stop);
            if (error is not null) return error;
            if (stop != '/') return "a std-or-address must end with '/'";
            components.Add((key, value));
        }
        return components.Count == 0 ? "the O/R address has no attributes" : null;
    }

    /// <summary>Reads up to an unquoted <paramref name="stopAt"/> or '/', undoing RFC 2156 §4.1.3 '$' quoting.</summary>
    private static string? ReadQuoted(string text, ref int pos, char stopAt, out string result, out char? stop)
    {
        var sb = new StringBuilder();
        stop = null;
        while (pos < text.Length)
        {
            var c = text[pos++];
            if (c == '$')
            {
                if (pos == text.Length)
                {
                    result = sb.ToString();
                    return "a '$' at the end of the address quotes nothing";
                }
                sb.Append(text[pos++]);
            }
            else if (c == stopAt || c == '/')
            {
                stop = c;
                break;
            }
            else
            {
                sb.Append(c);
            }
        }
        result = sb.ToString();
        return null;
    }

    private static string? SplitRfc1685(string text, out List<(string Key, string Value)> components)
    {
        components = [];
        foreach (var raw in text.Split(';'))
        {
            var part = raw.TrimStart();
            if (part.Length == 0) continue; // "a;;b" and a trailing ';' occur in real Exchange strings
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0) return $"component {X411.Show(part)} has no '='";
            var value = part[(eq + 1)..];
            // Separators are often written "; ", so surrounding blanks are layout, except for a value that is
            // nothing but blanks: that is the blank ADMD ("A= ").
            var trimmed = value.Trim();
            components.Add((part[..eq].Trim(), trimmed.Length == 0 ? value : trimmed));
        }
        return components.Count == 0 ? "the O/R address has no attributes" : null;
    }

    private sealed class Builder(bool stdForm)
    {
        private readonly Dictionary<string, string> _single = new(StringComparer.Ordinal);
        private readonly string?[] _numberedOus = new string?[X411.UbOrganizationalUnits];
        private readonly List<string> _plainOus = [];
        private readonly List<DomainDefinedAttribute> _ddas = [];

        public string? Add(string key, string value)
        {
            var upper = key.ToUpperInvariant();
            string? canonical = upper switch
            {
                "C" => "C",
                "ADMD" or "A" => "ADMD",
                "PRMD" or "P" => "PRMD",
                "O" => "O",
                "S" => "S",
                "G" => "G",
                "I" => "I",
                "GQ" or "Q" => "GQ",
                "CN" => "CN",
                _ => null,
            };
            if (canonical is not null)
            {
                return _single.TryAdd(canonical, value) ? null : $"{canonical} appears more than once";
            }
            if (upper == "OU")
            {
                _plainOus.Add(value);
                return null;
            }
            if (upper is ['O', 'U', >= '1' and <= '4'])
            {
                var index = upper[2] - '1';
                if (_numberedOus[index] is not null) return $"{upper} appears more than once";
                _numberedOus[index] = value;
                return null;
            }
            var ddaType = DdaType(key);
            if (ddaType is not null)
            {
                if (ddaType.Length == 0) return $"domain-defined attribute {X411.Show(key)} has no type";
                if (_ddas.Any(d => d.Type == ddaType)) return $"DD.{ddaType} appears more than once";
                _ddas.Add(new DomainDefinedAttribute(ddaType, value));
                return null;
            }
            return IsKnownUnsupported(upper)
                ? $"attribute {upper} is not supported by this gateway"
                : $"unknown attribute {X411.Show(key)}";
        }

        private static string? DdaType(string key)
        {
            foreach (var prefix in (string[])["DDA:", "DDA.", "DD.", "DD:"])
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return key[prefix.Length..];
            }
            return null;
        }

        // RFC 2156 keywords for attributes that OrAddress has no place for; naming them beats "unknown".
        private static bool IsKnownUnsupported(string upper) =>
            upper is "X121" or "T-ID" or "UA-ID" or "T-TY" or "PN"
            || upper.StartsWith("PD-", StringComparison.Ordinal) || upper.StartsWith("NET-", StringComparison.Ordinal);

        public string? TryBuild(out OrAddress? address)
        {
            address = null;
            List<string> ous;
            var numberedCount = _numberedOus.Count(o => o is not null);
            if (numberedCount > 0 && _plainOus.Count > 0) return "OU and OU1..OU4 cannot be mixed in one address";
            if (numberedCount > 0)
            {
                for (var i = 1; i < _numberedOus.Length; i++)
                {
                    if (_numberedOus[i] is not null && _numberedOus[i - 1] is null) return $"OU{i + 1} is given without OU{i}";
                }
                ous = [.. _numberedOus.OfType<string>()];
            }
            else
            {
                // Unnumbered OUs are written in the form's own order: deepest first in std-or-address.
                ous = [.. _plainOus];
                if (stdForm) ous.Reverse();
            }
            address = new OrAddress
            {
                Country = _single.GetValueOrDefault("C"),
                AdministrationDomain = _single.GetValueOrDefault("ADMD"),
                PrivateDomain = _single.GetValueOrDefault("PRMD"),
                Organization = _single.GetValueOrDefault("O"),
                OrganizationalUnits = ous,
                Surname = _single.GetValueOrDefault("S"),
                GivenName = _single.GetValueOrDefault("G"),
                Initials = _single.GetValueOrDefault("I"),
                GenerationQualifier = _single.GetValueOrDefault("GQ"),
                CommonName = _single.GetValueOrDefault("CN"),
                DomainDefinedAttributes = _ddas,
            };
            return null;
        }
    }
}
