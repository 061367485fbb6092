namespace Gateway.Operations;

/// <summary>
/// Says at start under which CPU scheduling policy the gateway runs (see <see cref="CpuScheduling"/>), so that an operator
/// who reads throughput figures can tell whether the unit's <c>CPUSchedulingPolicy=batch</c> took effect.
/// </summary>
public sealed partial class CpuSchedulingStartup(ILogger<CpuSchedulingStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogPolicy(logger, CpuScheduling.Current() ?? "unknown");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "CPU scheduling policy {Policy}, as the gateway was started")]
    private static partial void LogPolicy(ILogger logger, string policy);
}
