using System.Diagnostics;
using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// What the long-running peers (the gateway, smtp-sink, slapd, the DNS server) share: collecting their output, killing
/// them, and waiting for them to end.
/// </summary>
internal static class ProcessOutput
{
    /// <summary>How long a peer that was killed or has exited may take to be gone with its output ended.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    public static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// The exit of a process that was killed or has exited, and the end of its output: bounded, so that a process stuck in
    /// the kernel or a descendant holding its output pipe fails the test with what it printed instead of hanging the run.
    /// </summary>
    public static async Task WaitForExitAsync(Process process, string name, Func<string> output)
    {
        using var bound = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{name} (pid {process.Id}) had not exited, or its output not ended, {ExitTimeout} after it was killed or exited.\n{output()}");
        }
    }
}
