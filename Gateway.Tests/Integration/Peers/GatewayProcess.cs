using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// The gateway under test as a real process (`dotnet Gateway.dll`, the build output the test project
/// copies next to itself), configured only through the documented command-line keys, in a fresh
/// working directory, and considered up once GET /healthz answers 200.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string? _outputFile;
    private bool _disposed;
    private bool _ownsDirectory = true;

    private GatewayProcess(string workingDirectory, int smtpPort, int httpPort, int nextHopPort, Process process, StringBuilder output, string? outputFile)
    {
        _outputFile = outputFile;
        WorkingDirectory = workingDirectory;
        SmtpPort = smtpPort;
        HttpPort = httpPort;
        NextHopPort = nextHopPort;
        _process = process;
        _output = output;
    }

    public string WorkingDirectory { get; }

    public string DataDirectory => Path.Combine(WorkingDirectory, "var");

    public int SmtpPort { get; }

    public int HttpPort { get; }

    public int NextHopPort { get; }

    public Uri HttpBase => new($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Null while running.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the gateway wrote to stdout and stderr so far (and what this class noted about it).</summary>
    public string Output
    {
        get
        {
            string notes;
            lock (_output)
            {
                notes = _output.ToString();
            }

            if (_outputFile is null || !File.Exists(_outputFile))
            {
                return notes;
            }

            using var stream = new FileStream(_outputFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd() + notes;
        }
    }

    /// <summary>Gateway.dll of the build under test.</summary>
    public static string LocateAssembly()
    {
        var besideTests = Path.Combine(AppContext.BaseDirectory, "Gateway.dll");
        if (File.Exists(besideTests) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Gateway.runtimeconfig.json")))
        {
            return besideTests;
        }

        // bin/<Configuration>/<tfm>/ of the test project mirrors that of the Gateway project.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        var fromSource = Path.Combine(RepositoryPaths.Root, "Gateway", "bin", configuration, tfm, "Gateway.dll");
        if (File.Exists(fromSource))
        {
            return fromSource;
        }

        throw new FileNotFoundException($"Gateway.dll is neither in {AppContext.BaseDirectory} nor at {fromSource}.");
    }

    public static async Task<GatewayProcess> StartAsync(GatewayProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var assembly = LocateAssembly();
        var workingDirectory = options.WorkingDirectory ?? TempDirectory.Create("gateway-");
        var smtpPort = options.SmtpPort ?? FreePort.Next();
        var httpPort = options.HttpPort ?? FreePort.Next();

        var outputFile = options.OutputToFile ? Path.Combine(Path.GetFullPath(workingDirectory), "output.log") : null;
        string[] command = [.. options.Launcher, DotnetHost()];
        var startInfo = new ProcessStartInfo(outputFile is null ? command[0] : "/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = outputFile is null,
            RedirectStandardError = outputFile is null,
            UseShellExecute = false,
        };
        if (outputFile is not null)
        {
            // exec: the shell becomes the gateway, so the process id (for /proc, for signals) is the gateway's.
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add("out=$1; shift; exec \"$@\" >>\"$out\" 2>&1");
            startInfo.ArgumentList.Add("sh");
            startInfo.ArgumentList.Add(outputFile);
            startInfo.ArgumentList.Add(command[0]);
        }
        foreach (var argument in command.Skip(1)) startInfo.ArgumentList.Add(argument);

        // Configuration the test host happens to carry must not leak into the gateway: only the
        // command line below decides what it listens on and where it writes.
        foreach (var key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("Gateway__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.Equals("DOTNET_URLS", StringComparison.OrdinalIgnoreCase))
            {
                startInfo.Environment.Remove(key);
            }
        }

        startInfo.ArgumentList.Add(assembly);
        startInfo.ArgumentList.Add($"--Gateway:Smtp:Listen=127.0.0.1:{smtpPort.ToString(CultureInfo.InvariantCulture)}");
        startInfo.ArgumentList.Add($"--Gateway:Http:Listen=127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}");
        startInfo.ArgumentList.Add($"--Gateway:Smtp:NextHop=127.0.0.1:{options.NextHopPort.ToString(CultureInfo.InvariantCulture)}");
        startInfo.ArgumentList.Add($"--Gateway:DataDirectory={Path.Combine(workingDirectory, "var")}");
        foreach (var (key, value) in options.Settings)
        {
            startInfo.ArgumentList.Add($"--{key}={value}");
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        if (outputFile is null)
        {
            process.OutputDataReceived += (_, e) => ProcessOutput.Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => ProcessOutput.Append(output, e.Data);
        }
        process.Start();
        process.StandardInput.Close();
        if (outputFile is null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        var gateway = new GatewayProcess(workingDirectory, smtpPort, httpPort, options.NextHopPort, process, output, outputFile)
        {
            _ownsDirectory = options.WorkingDirectory is null,
        };
        PeerCleanup.Register(gateway, () => ProcessOutput.KillQuietly(process));
        try
        {
            await gateway.WaitUntilHealthyAsync(cancellationToken);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>The audit log, one document per complete line (a line still being written is left out).</summary>
    public IReadOnlyList<JsonDocument> AuditLines()
    {
        var path = Path.Combine(DataDirectory, "audit.jsonl");
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line))
            .ToList();
    }

    /// <summary>
    /// Waits for at least <paramref name="count"/> audit lines: the gateway may write its audit record
    /// only after it answered the client, so the next hop can have a message before its audit line exists.
    /// </summary>
    public Task<IReadOnlyList<JsonDocument>> WaitForAuditLinesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(AuditLines, lines => lines.Count >= count, timeout,
            lines => $"{lines.Count} of {count} audit lines in {DataDirectory}/audit.jsonl after {timeout}.\n{Output}", cancellationToken);

    /// <summary>SIGKILL, as a crash or the OOM killer would end it: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-KILL", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await WaitForExitBoundedAsync();
        }
        PeerCleanup.Unregister(this);
    }

    /// <summary>SIGTERM, as systemd stops it; a kill only if it does not exit within 15 s. Returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            using var grace = new CancellationTokenSource(GracefulStopTimeout);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessOutput.Append(_output, $"[GatewayProcess] no exit {GracefulStopTimeout} after SIGTERM; killed.");
                ProcessOutput.KillQuietly(_process);
                await WaitForExitBoundedAsync();
            }
        }

        PeerCleanup.Unregister(this);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            _process.Dispose();
            if (_ownsDirectory) TempDirectory.Delete(WorkingDirectory);
        }
    }

    private Task WaitForExitBoundedAsync() => ProcessOutput.WaitForExitAsync(_process, "The gateway", () => Output);

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(StartTimeout);
        var health = new Uri(HttpBase, "healthz");
        var last = "no answer yet";
        while (true)
        {
            if (_process.HasExited)
            {
                // The output is complete only once the asynchronous readers saw end-of-file.
                await WaitForExitBoundedAsync();
                throw new InvalidOperationException($"The gateway exited with {_process.ExitCode} before it was healthy.\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(health, timeoutSource.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (OperationCanceledException) when (!timeoutSource.IsCancellationRequested)
            {
                // HttpClient's own per-request timeout: a gateway still starting up, ask again.
                last = "request timed out";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw new TimeoutException($"GET {health} did not answer 200 within {StartTimeout} (last: {last}).\n{Output}");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
