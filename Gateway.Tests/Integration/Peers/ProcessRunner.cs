using System.Diagnostics;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Runs an external command without a shell (arguments go through ArgumentList, so nothing needs
/// quoting) and captures its output as bytes: openssl writes DER to stdout.
/// </summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // A command that starts a daemon can leave the daemon holding its output pipes; after the command
    // itself exited, waiting this long for end-of-file is generous, and waiting forever would hang the run.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        byte[]? standardInput = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToList();
        var commandLine = ShellQuote.Join(fileName, argumentList);
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in argumentList)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();

        var standardOutput = new MemoryStream();
        var standardError = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(standardOutput, CancellationToken.None);
        var stderrTask = process.StandardError.BaseStream.CopyToAsync(standardError, CancellationToken.None);
        var stdinTask = WriteStandardInputAsync(process, standardInput);

        var limit = timeout ?? DefaultTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {limit}; killed.");
        }

        try
        {
            await Task.WhenAll(stdoutTask, stderrTask, stdinTask).WaitAsync(OutputDrainTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"`{commandLine}` exited with {process.ExitCode}, but a process it started still holds its output open.");
        }

        return new ProcessResult(commandLine, process.ExitCode, standardOutput.ToArray(), standardError.ToArray());
    }

    public static async Task<ProcessResult> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        byte[]? standardInput = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, standardInput, timeout, workingDirectory, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new ProcessFailedException(result);
        }

        return result;
    }

    private static async Task WriteStandardInputAsync(Process process, byte[]? standardInput)
    {
        try
        {
            if (standardInput is { Length: > 0 })
            {
                await process.StandardInput.BaseStream.WriteAsync(standardInput);
            }

            // Closed in every case, so that a command which reads stdin sees end-of-file instead of
            // waiting on the test host's own stdin.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command exited without reading all of its input; its exit code tells the story.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
