using System.Diagnostics;
using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>What the long-running peers (the gateway, smtp-sink) share: collecting their output, and killing them.</summary>
internal static class ProcessOutput
{
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
}
