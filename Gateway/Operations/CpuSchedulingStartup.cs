using Gateway.Configuration;

namespace Gateway.Operations;

/// <summary>
/// Says at start under which scheduling policy the gateway runs (<c>Gateway:CpuSchedulingPolicy</c>, established before the
/// host was built: see <see cref="CpuScheduling"/>). A policy that could not be set (a container whose seccomp profile
/// refuses sched_setscheduler) is a warning, not a refusal: the gateway works under any policy, only with more CPU per message.
/// </summary>
public sealed partial class CpuSchedulingStartup(CpuSchedulingOutcome outcome, ILogger<CpuSchedulingStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (outcome.Problem is { } problem) LogNotSet(logger, outcome.Policy, problem);
        else if (outcome.Policy == CpuSchedulingPolicies.Inherit) LogInherited(logger);
        else LogSet(logger, outcome.Policy, outcome.Restarted ? " (the process executed itself again to take it)" : "");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "CPU scheduling policy {Policy} for every thread{How}")]
    private static partial void LogSet(ILogger logger, string policy, string how);

    [LoggerMessage(EventId = 811, Level = LogLevel.Information, Message = "CPU scheduling policy left as the gateway was started with")]
    private static partial void LogInherited(ILogger logger);

    [LoggerMessage(EventId = 812, Level = LogLevel.Warning,
        Message = "Gateway:CpuSchedulingPolicy: cannot run under {Policy}: {Problem}; the gateway runs on under the policy it was started with")]
    private static partial void LogNotSet(ILogger logger, string policy, string problem);
}
