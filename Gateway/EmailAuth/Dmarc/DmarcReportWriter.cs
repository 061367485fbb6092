namespace Gateway.EmailAuth.Dmarc;

/// <summary>Writes the aggregate XML reports of finished days under the store's directory, once each (an existing file is not rewritten).</summary>
public sealed class DmarcReportWriter(DmarcAggregateStore store, string receiver, string orgName, string email)
{
    /// <summary>Reports for every day before <paramref name="today"/> that has observations; returns the files written.</summary>
    public IReadOnlyList<WrittenReport> WriteFinishedDays(DateOnly today)
    {
        var written = new List<WrittenReport>();
        foreach (var day in store.Days().Where(d => d < today))
        {
            foreach (var domain in store.Day(day).GroupBy(o => o.PolicyDomain))
            {
                var path = Path.Combine(store.Directory, DmarcAggregateReport.FileName(receiver, domain.Key, day));
                if (File.Exists(path)) continue;
                var scratch = path + ".tmp";
                DmarcAggregateReport.Build(orgName, email, domain.Key, day, [.. domain]).Save(scratch);
                File.Move(scratch, path, overwrite: false);
                written.Add(new WrittenReport(path, domain.Key, day, $"{domain.Key}.{day:yyyyMMdd}",
                    [.. domain.SelectMany(o => o.AggregateReportAddresses).Distinct(StringComparer.OrdinalIgnoreCase)]));
            }
        }
        return written;
    }
}
