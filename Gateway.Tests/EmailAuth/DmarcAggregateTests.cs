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

        var reports = writer.WriteFinishedDays(Monday.AddDays(1));
        var written = reports.Select(r => r.Path).ToList();

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
        Assert.Equal(["mailto:dmarc@pass.test"], reports.Single(r => r.Domain == "pass.test").AggregateReportAddresses);
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

    [Fact]
    [Trait("Category", "Integration")]
    public async Task A_report_is_mailed_gzipped_to_rua_addresses_of_its_own_organisation_only()
    {
        var store = new DmarcAggregateStore(_directory);
        store.Record(Observation(Monday, "192.0.2.5", "pass.test", pass: true) with
        {
            AggregateReportAddresses = ["mailto:dmarc@reports.pass.test!10m", "mailto:collector@other.example", "https://pass.test/rua"],
        });
        var report = Assert.Single(new DmarcReportWriter(store, "gw.example", "CMS-X.400 Gateway", "postmaster@gw.example").WriteFinishedDays(Monday.AddDays(1)));
        await using var sink = await SmtpSink.StartAsync();
        var mailer = new DmarcReportMailer(Smtp.Client.NextHops.To(sink.Port), Gateway.EmailAuth.Dkim.OutgoingDkim.None,
            Gateway.EmailAuth.PublicSuffixList.Load(Gateway.EmailAuth.PublicSuffixList.DebianPath), "gw.example");

        var outcomes = await mailer.SendAsync(report, CancellationToken.None);

        Assert.StartsWith("dmarc@reports.pass.test: sent: ", outcomes[0], StringComparison.Ordinal);
        Assert.Equal("collector@other.example: outside pass.test's organisational domain; the external destination is not verified (RFC 7489 section 7.1), skipped",
            outcomes[1]);
        Assert.Equal("https://pass.test/rua: only mailto: is supported", outcomes[2]);
        var mail = Assert.Single(sink.Messages());
        Assert.Equal(["dmarc@reports.pass.test"], mail.Recipients);
        var message = MimeKit.MimeMessage.Load(new MemoryStream(mail.Data));
        Assert.Equal("Report Domain: pass.test Submitter: gw.example Report-ID: <pass.test.20261123>", message.Subject);
        var attachment = Assert.Single(message.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("gw.example!pass.test!1795392000!1795478399.xml.gz", attachment.FileName);
        using var gz = new MemoryStream();
        await attachment.Content!.DecodeToAsync(gz);
        gz.Position = 0;
        using var xml = new MemoryStream();
        await new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionMode.Decompress).CopyToAsync(xml);
        Assert.Equal(await File.ReadAllBytesAsync(report.Path), xml.ToArray());
    }
}
