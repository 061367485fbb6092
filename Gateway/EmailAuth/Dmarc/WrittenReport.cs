namespace Gateway.EmailAuth.Dmarc;

/// <summary>An aggregate report file just written, with what mailing it needs.</summary>
public sealed record WrittenReport(string Path, string Domain, DateOnly Day, string ReportId, IReadOnlyList<string> AggregateReportAddresses);
