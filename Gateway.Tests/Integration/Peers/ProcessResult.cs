using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>What an external command did: exit code and its output, raw and decoded.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, byte[] StandardOutputBytes, byte[] StandardErrorBytes)
{
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);

    public string StandardError => Encoding.UTF8.GetString(StandardErrorBytes);

    public override string ToString() =>
        $"`{CommandLine}` exited with {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
