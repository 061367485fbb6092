using Gateway.EmailAuth.Dmarc;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Operations;

/// <summary>Writes the DMARC aggregate reports of finished UTC days, at start and every hour after.</summary>
/// <remarks>With a mailer (Gateway:EmailAuth:MailAggregateReports) each new report is also mailed to its rua addresses.</remarks>
public sealed partial class DmarcReportService(DmarcReportWriter writer, DmarcReportMailer? mailer, TimeProvider time, ILogger<DmarcReportService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        try
        {
            do
            {
                try
                {
                    foreach (var report in writer.WriteFinishedDays(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
                    {
                        LogWritten(logger, report.Path);
                        if (mailer is null) continue;
                        foreach (var outcome in await mailer.SendAsync(report, stoppingToken)) LogMailed(logger, report.ReportId, outcome);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogFailed(logger, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 730, Level = LogLevel.Information, Message = "DMARC aggregate report written: {File}")]
    private static partial void LogWritten(ILogger logger, string file);

    [LoggerMessage(EventId = 732, Level = LogLevel.Information, Message = "DMARC aggregate report {ReportId}: {Outcome}")]
    private static partial void LogMailed(ILogger logger, string reportId, string outcome);

    [LoggerMessage(EventId = 731, Level = LogLevel.Warning, Message = "DMARC aggregate reports not written: {Why}")]
    private static partial void LogFailed(ILogger logger, string why);
}
