namespace Gateway.Configuration;

/// <summary>The values of <c>Gateway:CpuSchedulingPolicy</c>, named as systemd's <c>CPUSchedulingPolicy=</c> names them.</summary>
public static class CpuSchedulingPolicies
{
    /// <summary>SCHED_BATCH, the default: a thread that wakes waits for the running one instead of preempting it.</summary>
    public const string Batch = "batch";

    /// <summary>SCHED_OTHER, Linux's default for a process.</summary>
    public const string Other = "other";

    /// <summary>Leave the policy the gateway was started with (systemd's <c>CPUSchedulingPolicy=</c>, <c>chrt</c>).</summary>
    public const string Inherit = "inherit";

    public static readonly string[] All = [Batch, Other, Inherit];
}
