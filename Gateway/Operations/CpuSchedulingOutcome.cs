namespace Gateway.Operations;

/// <summary>
/// What <see cref="CpuScheduling.Establish"/> found or did: the policy asked for, whether the process was executed again
/// to take it, and why it could not be set when it could not.
/// </summary>
public sealed record CpuSchedulingOutcome(string Policy, bool Restarted, string? Problem);
