using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>A DMARC policy record (RFC 7489 §6.3): the tags this gateway acts on.</summary>
/// <param name="Policy">p: none, quarantine or reject.</param>
/// <param name="SubdomainPolicy">sp, defaulting to p.</param>
/// <param name="Percent">pct, 0..100 (default 100).</param>
/// <param name="StrictDkim">adkim=s.</param>
/// <param name="StrictSpf">aspf=s.</param>
/// <param name="AggregateReportAddresses">rua URIs.</param>
public sealed record DmarcRecord(string Policy, string SubdomainPolicy, int Percent, bool StrictDkim, bool StrictSpf, IReadOnlyList<string> AggregateReportAddresses)
{
    private static readonly string[] Policies = ["none", "quarantine", "reject"];

    public static bool IsDmarc(string txt) => txt.StartsWith("v=DMARC1", StringComparison.Ordinal) && (txt.Length == 8 || txt[8] is ';' or ' ');

    /// <summary>RFC 7489 §6.6.3: an unknown p, or none at all, makes the record unusable (as if there were none).</summary>
    public static bool TryParse(string txt, [NotNullWhen(true)] out DmarcRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in txt.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                error = $"'{part}' is not a tag=value pair";
                return false;
            }
            tags.TryAdd(part[..equals].Trim(), part[(equals + 1)..].Trim());
        }
        if (!tags.TryGetValue("p", out var p) || !Policies.Contains(p.ToLowerInvariant()))
        {
            error = $"p={(p ?? "(missing)")} is not none, quarantine or reject";
            return false;
        }
        var sp = tags.TryGetValue("sp", out var s) && Policies.Contains(s.ToLowerInvariant()) ? s.ToLowerInvariant() : p.ToLowerInvariant();
        var pct = tags.TryGetValue("pct", out var pc) && int.TryParse(pc, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 100 ? n : 100;
        var rua = tags.TryGetValue("rua", out var r) ? r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        record = new DmarcRecord(p.ToLowerInvariant(), sp, pct, Strict(tags, "adkim"), Strict(tags, "aspf"), rua);
        error = null;
        return true;
    }

    private static bool Strict(Dictionary<string, string> tags, string name) => tags.TryGetValue(name, out var v) && v.Equals("s", StringComparison.OrdinalIgnoreCase);
}
