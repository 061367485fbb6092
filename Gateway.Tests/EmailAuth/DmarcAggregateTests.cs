using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Gateway.EmailAuth.Dmarc;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.EmailAuth;

/// <summary>Observations kept per day, the aggregate XML per domain and finished day, and the readable page.</summary>
public sealed class DmarcAggregateTests : IDisposable
{
    private static readonly DateOnly Monday = new(2026, 11, 23);
    private readonly string _directory = TempDirectory.Create("dmarc-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private static DmarcObservation Observation(DateOnly day, string ip, string domain, bool pass, string disposition = "none") =>
        new(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), ip, domain, domain, domain, "reject", "reject", 100, false, false,
            pass ? "none" : disposition, pass, false, pass ? [new DmarcObservation.DkimAuth(domain, "sel", "pass")] : [], domain, pass ? "pass" : "fail",
            [$"mailto:dmarc@{domain}"]);

    private DmarcAggregateStore Filled()
    {
        var store = new DmarcAggregateStore(_directory);
        store.Record(Observation(Monday, "192.0.2.5", "pass.test", pass: true));
        store.Record(Observation(Monday, "192.0.2.5", "pass.test", pass: true));
        store.Record(Observation(Monday, "198.51.100.1", "pass.test", pass: false, "reject"));
        store.Record(Observation(Monday, "198.51.100.1", "spoof.test", pass: false, "reject"));
        store.Record(Observation(Monday.AddDays(1), "192.0.2.6", "pass.test", pass: true)); // today: not reported yet
        return store;
    }

    [Fact]
    public void Finished_days_get_one_report_per_domain_that_validates_and_counts_by_source()
    {
        var writer = new DmarcReportWriter(Filled(), "gw.example", "CMS-X.400 Gateway", "postmaster@gw.example");

        var written = writer.WriteFinishedDays(Monday.AddDays(1));

        Assert.Equal(["gw.example!pass.test!1795392000!1795478399.xml", "gw.example!spoof.test!1795392000!1795478399.xml"],
            written.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(writer.WriteFinishedDays(Monday.AddDays(1))); // once each
        var schemas = new XmlSchemaSet();
        schemas.Add(DmarcAggregateReport.Ns.NamespaceName, Path.Combine(AppContext.BaseDirectory, "EmailAuth", "dmarc-aggregate.xsd"));
        foreach (var file in written)
        {
            var document = XDocument.Load(file);
            document.Validate(schemas, (_, e) => throw new XmlSchemaValidationException($"{Path.GetFileName(file)}: {e.Message}"));
        }
        var report = XDocument.Load(written.Single(f => f.Contains("!pass.test!", StringComparison.Ordinal)));
        var ns = DmarcAggregateReport.Ns;
        var rows = report.Descendants(ns + "row").Select(r => (r.Element(ns + "source_ip")!.Value, r.Element(ns + "count")!.Value,
            r.Element(ns + "policy_evaluated")!.Element(ns + "disposition")!.Value)).ToList();
        Assert.Equal([("192.0.2.5", "2", "none"), ("198.51.100.1", "1", "reject")], rows);
        Assert.Equal("reject", report.Descendants(ns + "policy_published").Single().Element(ns + "p")!.Value);
    }

    [Fact]
    public void The_page_shows_pass_and_fail_per_domain_and_day_and_the_failing_sources()
    {
        var html = DmarcReportPage.Render(Filled(), Monday.AddDays(1));

        Assert.Contains("<span id=\"total-pass\">3</span> passed, <span id=\"total-fail\">2</span> failed", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td class=\"name\">2026-11-23</td><td class=\"pass-count\">2</td><td class=\"fail-count\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td class=\"name\">198.51.100.1</td><td>1</td><td class=\"name\">reject</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<h2>").Length - 1);
    }
}
