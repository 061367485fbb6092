using System.Globalization;
using System.Net;
using System.Text;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>
/// The aggregate results as a page people read (<c>/reports/dmarc</c>): per From domain, how many messages passed and
/// failed DMARC each day, and which sources failed — what the XML reports say, without an XML tool.
/// </summary>
public static class DmarcReportPage
{
    public static string Render(DmarcAggregateStore store, DateOnly today, int days = 14)
    {
        var window = store.Days().Where(d => d > today.AddDays(-days)).OrderBy(d => d).ToList();
        var observations = window.SelectMany(d => store.Day(d).Select(o => (Day: d, Observation: o))).ToList();
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>DMARC results</title>
            <style>
            body{font-family:sans-serif;margin:2em;color:#222} table{border-collapse:collapse;margin:0 0 2em} td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
            th{background:#f4f4f4} td.name{text-align:left} .bar{display:inline-block;height:10px} .pass{background:#3a3} .fail{background:#c33}
            </style></head><body>
            """);
        html.Append(CultureInfo.InvariantCulture, $"<h1>DMARC results</h1><p id=\"summary\">{observations.Count} messages from outside, {window.Count} days, "
            + $"<span id=\"total-pass\">{observations.Count(o => o.Observation.Passed)}</span> passed, <span id=\"total-fail\">{observations.Count(o => !o.Observation.Passed)}</span> failed.</p>");
        foreach (var domain in observations.GroupBy(o => o.Observation.PolicyDomain).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var id = WebUtility.HtmlEncode(domain.Key);
            html.Append(CultureInfo.InvariantCulture, $"<h2>{id}</h2><table class=\"days\" data-domain=\"{id}\"><tr><th>day</th><th>pass</th><th>fail</th><th class=\"name\"></th></tr>");
            foreach (var day in domain.GroupBy(o => o.Day).OrderBy(g => g.Key))
            {
                var pass = day.Count(o => o.Observation.Passed);
                var fail = day.Count() - pass;
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"name\">{day.Key:yyyy-MM-dd}</td><td class=\"pass-count\">{pass}</td><td class=\"fail-count\">{fail}</td>"
                    + $"<td class=\"name\"><span class=\"bar pass\" style=\"width:{pass * 4}px\"></span><span class=\"bar fail\" style=\"width:{fail * 4}px\"></span></td></tr>");
            }
            html.Append("</table>");
            var failing = domain.Where(o => !o.Observation.Passed).GroupBy(o => o.Observation.SourceIp).OrderByDescending(g => g.Count()).ToList();
            if (failing.Count == 0) continue;
            html.Append(CultureInfo.InvariantCulture, $"<table class=\"failing\" data-domain=\"{id}\"><tr><th class=\"name\">failing source</th><th>messages</th><th class=\"name\">disposition</th><th class=\"name\">last seen</th></tr>");
            foreach (var source in failing)
            {
                var last = source.Max(o => o.Observation.Time);
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"name\">{WebUtility.HtmlEncode(source.Key)}</td><td>{source.Count()}</td><td class=\"name\">{string.Join(", ", source.Select(o => o.Observation.Disposition).Distinct())}</td>"
                    + $"<td class=\"name\">{last.UtcDateTime:yyyy-MM-dd HH:mm}Z</td></tr>");
            }
            html.Append("</table>");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
