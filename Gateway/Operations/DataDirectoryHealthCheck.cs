using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Operations;

/// <summary>Healthy while the data directory (file drop, temporary files, audit log) can be written.</summary>
public sealed class DataDirectoryHealthCheck(string dataDirectory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(dataDirectory, "tmp", $".healthz-{Environment.ProcessId}");
        try
        {
            await File.WriteAllBytesAsync(probe, [], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"data directory {dataDirectory} is not writable: {e.Message}");
        }
    }
}
