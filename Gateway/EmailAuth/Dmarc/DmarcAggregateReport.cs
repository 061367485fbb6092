using System.Globalization;
using System.Xml.Linq;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>
/// An RFC 7489 §7.2 aggregate report (Appendix C, namespace http://dmarc.org/dmarc-xml/0.1) for one policy domain and one
/// UTC day: the reporter, the policy published, and one record per distinct source, disposition and result, counted.
/// </summary>
public static class DmarcAggregateReport
{
    public static readonly XNamespace Ns = "http://dmarc.org/dmarc-xml/0.1";

    /// <summary>RFC 7489 §7.2.1.1: receiver "!" policy-domain "!" begin "!" end ".xml".</summary>
    public static string FileName(string receiver, string domain, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{receiver}!{domain}!{Begin(day)}!{Begin(day) + 86399}.xml");

    public static XDocument Build(string orgName, string email, string domain, DateOnly day, IReadOnlyList<DmarcObservation> observations)
    {
        var policy = observations[^1];
        var records = observations
            .GroupBy(o => (o.SourceIp, o.Disposition, o.DkimAligned, o.SpfAligned, o.HeaderFrom, o.EnvelopeFrom, o.SpfDomain, o.SpfResult,
                Dkim: string.Join("|", o.Dkim.Select(d => $"{d.Domain}/{d.Selector}/{d.Result}"))))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.SourceIp, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                return new XElement(Ns + "record",
                    new XElement(Ns + "row",
                        new XElement(Ns + "source_ip", first.SourceIp),
                        new XElement(Ns + "count", g.Count()),
                        new XElement(Ns + "policy_evaluated",
                            new XElement(Ns + "disposition", first.Disposition),
                            new XElement(Ns + "dkim", first.DkimAligned ? "pass" : "fail"),
                            new XElement(Ns + "spf", first.SpfAligned ? "pass" : "fail"))),
                    new XElement(Ns + "identifiers", new XElement(Ns + "header_from", first.HeaderFrom)),
                    new XElement(Ns + "auth_results",
                        first.Dkim.Select(d => new XElement(Ns + "dkim",
                            new XElement(Ns + "domain", d.Domain), new XElement(Ns + "selector", d.Selector), new XElement(Ns + "result", d.Result))),
                        new XElement(Ns + "spf", new XElement(Ns + "domain", first.SpfDomain), new XElement(Ns + "result", first.SpfResult))));
            });
        return new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(Ns + "feedback",
                new XElement(Ns + "report_metadata",
                    new XElement(Ns + "org_name", orgName),
                    new XElement(Ns + "email", email),
                    new XElement(Ns + "report_id", $"{domain}.{day:yyyyMMdd}"),
                    new XElement(Ns + "date_range", new XElement(Ns + "begin", Begin(day)), new XElement(Ns + "end", Begin(day) + 86399))),
                new XElement(Ns + "policy_published",
                    new XElement(Ns + "domain", domain),
                    new XElement(Ns + "adkim", policy.StrictDkim ? "s" : "r"),
                    new XElement(Ns + "aspf", policy.StrictSpf ? "s" : "r"),
                    new XElement(Ns + "p", policy.Policy),
                    new XElement(Ns + "sp", policy.SubdomainPolicy),
                    new XElement(Ns + "pct", policy.Percent)),
                records));
    }

    private static long Begin(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
}
