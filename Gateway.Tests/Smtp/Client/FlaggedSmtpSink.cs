using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Smtp.Client;

/// <summary>
/// smtp-sink started with extra flags that withdraw EHLO keywords (smtp-sink(1): -N no DSN, -8 no 8BITMIME, -e no
/// ESMTP at all), for the "next hop lacks X" paths. <see cref="SmtpSink"/> has no way to pass such flags; its dump
/// format is shared through <see cref="SmtpSink.Parse"/>.
/// </summary>
internal sealed class FlaggedSmtpSink : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FlaggedSmtpSink(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    private string Directory { get; }

    private string DumpDirectory => Path.Combine(Directory, "dump");

    public static async Task<FlaggedSmtpSink> StartAsync(IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        var directory = TempDirectory.Create("smtp-sink-flagged-");
        var dump = System.IO.Directory.CreateDirectory(Path.Combine(directory, "dump")).FullName;
        await UnixAccount.Lookup("postfix").GiveAsync(dump, cancellationToken);
        var port = FreePort.Next();
        var startInfo = new ProcessStartInfo("/usr/sbin/smtp-sink")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-u", "postfix", "-4", .. flags, "-d", Path.Combine(dump, "msg."),
            $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "16"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        var sink = new FlaggedSmtpSink(directory, port, process);
        process.OutputDataReceived += (_, e) => ProcessOutput.Append(sink._output, e.Data);
        process.ErrorDataReceived += (_, e) => ProcessOutput.Append(sink._output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        PeerCleanup.Register(sink, () => ProcessOutput.KillQuietly(process));
        try
        {
            await PortProbe.WaitUntilListeningAsync(port, StartTimeout,
                () => process.HasExited ? $"smtp-sink exited with {process.ExitCode}." : null, sink.Output, cancellationToken);
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
        return sink;
    }

    /// <summary>The dumped transactions once <paramref name="count"/> are complete (a dump still being written fails to parse).</summary>
    public async Task<IReadOnlyList<SinkMessage>> WaitForMessagesAsync(int count, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                var messages = System.IO.Directory.EnumerateFiles(DumpDirectory)
                    .Order(StringComparer.Ordinal)
                    .Select(path => SmtpSink.Parse(File.ReadAllBytes(path)))
                    .ToList();
                if (messages.Count >= count)
                {
                    return messages;
                }
            }
            catch (FormatException)
            {
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), patience.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"smtp-sink on port {Port} has fewer than {count} complete dumps.\n{Output()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProcessOutput.KillQuietly(_process);
        await ProcessOutput.WaitForExitAsync(_process, "smtp-sink", Output);
        _process.Dispose();
        PeerCleanup.Unregister(this);
        TempDirectory.Delete(Directory);
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
