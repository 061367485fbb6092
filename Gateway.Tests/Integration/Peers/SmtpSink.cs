using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Postfix's smtp-sink as a fake SMTP next hop that dumps every transaction whole into its own file
/// (`-d DIR/msg.`: strftime template plus a random suffix). smtp-sink runs as root only with
/// `-u postfix`, and writes its dumps as that user, so the dump directory belongs to postfix.
/// With <see cref="SmtpSinkOptions.CountOnly"/> it keeps nothing and only counts (<see cref="Counter"/>).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Program = "/usr/sbin/smtp-sink";
    private const int BindAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly StringBuilder _output;
    private readonly SmtpSinkOptions _options;
    private Process _process;
    private bool _disposed;

    private SmtpSink(string directory, int port, SmtpSinkOptions options, Process process, StringBuilder output, SinkCounter counter)
    {
        Counter = counter;
        Directory = directory;
        Port = port;
        _options = options;
        _process = process;
        _output = output;
    }

    public int Port { get; }

    public string Directory { get; }

    public string DumpDirectory => Path.Combine(Directory, "dump");

    /// <summary>Messages received, for a sink started with <see cref="SmtpSinkOptions.CountOnly"/>.</summary>
    public SinkCounter Counter { get; }

    /// <summary>Transactions an <see cref="InterruptAsync"/> cut short: never answered 250, so never messages received.</summary>
    public string CutDirectory => Path.Combine(Directory, "cut");

    /// <summary>What smtp-sink printed (errors only; it is silent when all is well).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<SmtpSink> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new SmtpSinkOptions(), cancellationToken);

    /// <summary>
    /// A sink that answers <paramref name="command"/> with <paramref name="reply"/>. Note that with
    /// "." refused smtp-sink has already dumped the message: <see cref="Messages"/> lists it too.
    /// </summary>
    public static Task<SmtpSink> StartRejectingAsync(string command, string reply, CancellationToken cancellationToken = default) =>
        StartAsync(new SmtpSinkOptions { RejectCommand = command, RejectReply = reply }, cancellationToken);

    public static async Task<SmtpSink> StartAsync(SmtpSinkOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = TempDirectory.Create("smtp-sink-");
        try
        {
            var dump = System.IO.Directory.CreateDirectory(Path.Combine(directory, "dump")).FullName;
            await UnixAccount.Lookup("postfix").GiveAsync(dump, cancellationToken);

            // FreePort releases the port before smtp-sink binds it; if something else took it in
            // between, smtp-sink exits with a bind error and another port is tried.
            for (var attempt = 1; ; attempt++)
            {
                var sink = Launch(directory, dump, FreePort.Next(), options);
                try
                {
                    await sink.WaitUntilListeningAsync(cancellationToken);
                    return sink;
                }
                catch (InvalidOperationException) when (attempt < BindAttempts && sink.Output.Contains("bind", StringComparison.Ordinal))
                {
                    await sink.StopProcessAsync();
                }
                catch
                {
                    await sink.StopProcessAsync();
                    throw;
                }
            }
        }
        catch
        {
            TempDirectory.Delete(directory);
            throw;
        }
    }

    /// <summary>Every completely received transaction so far, oldest first.</summary>
    public IReadOnlyList<SinkMessage> Messages()
    {
        if (!System.IO.Directory.Exists(DumpDirectory))
        {
            return [];
        }

        // smtp-sink keeps a dump file open until the transaction ends; a file it still holds open is
        // a message in transit, not a message received. The files are listed before the open ones are
        // asked for: a file created in between would otherwise be read half-written.
        var files = System.IO.Directory.GetFiles(DumpDirectory, "*", SearchOption.AllDirectories);
        var open = FilesOpenBySink();
        return files
            .Where(path => !open.Contains(path))
            .Select(path => new FileInfo(path))
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => Parse(File.ReadAllBytes(file.FullName)))
            .ToList();
    }

    public Task<IReadOnlyList<SinkMessage>> WaitForMessagesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(Messages, messages => messages.Count >= count, timeout,
            messages => $"smtp-sink on port {Port} has {messages.Count} of {count} messages after {timeout}.\n{Output}", cancellationToken);

    /// <summary>Parses one dump file (format: smtp-sink(1), "DUMP FILE FORMAT").</summary>
    public static SinkMessage Parse(byte[] raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string? helo = null;
        var mailArguments = "";
        var recipientArguments = new List<string>();
        var position = 0;
        var sawReceived = false;
        while (position < raw.Length)
        {
            var end = Array.IndexOf(raw, (byte)'\n', position);
            if (end < 0)
            {
                break;
            }

            var line = Encoding.UTF8.GetString(raw, position, end - position);
            if (sawReceived && !line.StartsWith('\t'))
            {
                break;
            }

            position = end + 1;
            if (line.StartsWith("Received: ", StringComparison.Ordinal))
            {
                // smtp-sink's own three-line Received header closes its part of the file.
                sawReceived = true;
            }
            else if (line.StartsWith("X-Helo-Args: ", StringComparison.Ordinal))
            {
                helo = line["X-Helo-Args: ".Length..];
            }
            else if (line.StartsWith("X-Mail-Args: ", StringComparison.Ordinal))
            {
                mailArguments = line["X-Mail-Args: ".Length..];
            }
            else if (line.StartsWith("X-Rcpt-Args: ", StringComparison.Ordinal))
            {
                recipientArguments.Add(line["X-Rcpt-Args: ".Length..]);
            }
        }

        if (!sawReceived)
        {
            throw new FormatException("Not an smtp-sink dump: no Received header of its own.");
        }

        // smtp-sink ends every dump with one empty line of its own.
        var dataLength = raw.Length - position;
        if (dataLength > 0 && raw[^1] == (byte)'\n')
        {
            dataLength--;
        }

        return new SinkMessage(
            Address(mailArguments),
            recipientArguments.Select(Address).ToList(),
            LfToCrlf(raw.AsSpan(position, dataLength)))
        {
            MailArguments = mailArguments,
            RecipientArguments = recipientArguments,
            Helo = helo,
            RawFile = raw,
        };
    }

    /// <summary>
    /// The next hop dies as in a crash (SIGKILL), keeping its port and what it received for <see cref="StartAgainAsync"/>.
    /// It is frozen first so that the dump files it holds open (smtp-sink closes one before it answers the final dot)
    /// are exactly the transactions nobody got a 250 for; they go to <see cref="CutDirectory"/>.
    /// </summary>
    public async Task InterruptAsync()
    {
        await ProcessRunner.RunCheckedAsync("kill", ["-STOP", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        var open = FilesOpenBySink();
        await StopProcessAsync();
        System.IO.Directory.CreateDirectory(CutDirectory);
        foreach (var path in open.Where(path => path.StartsWith(DumpDirectory + "/", StringComparison.Ordinal)))
        {
            File.Move(path, Path.Combine(CutDirectory, Path.GetFileName(path)));
        }
    }

    /// <summary>Back after an <see cref="InterruptAsync"/>: the same port, options and dump directory.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (!_process.HasExited) return;
        _process.Dispose();
        Counter.Restarted();
        _process = StartProcess(DumpDirectory, Port, _options, _output, Counter);
        PeerCleanup.Register(this, () => ProcessOutput.KillQuietly(_process));
        await WaitUntilListeningAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        await StopProcessAsync();
        PeerCleanup.Unregister(this);
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
            TempDirectory.Delete(Directory);
        }
    }

    private Task WaitUntilListeningAsync(CancellationToken cancellationToken) =>
        PortProbe.WaitUntilListeningAsync(
            Port,
            StartTimeout,
            () => _process.HasExited ? $"smtp-sink exited with {_process.ExitCode}." : null,
            () => Output,
            cancellationToken);

    private static SmtpSink Launch(string directory, string dump, int port, SmtpSinkOptions options)
    {
        var output = new StringBuilder();
        var counter = new SinkCounter();
        var sink = new SmtpSink(directory, port, options, StartProcess(dump, port, options, output, counter), output, counter);
        PeerCleanup.Register(sink, () => ProcessOutput.KillQuietly(sink._process));
        return sink;
    }

    private static Process StartProcess(string dump, int port, SmtpSinkOptions options, StringBuilder output, SinkCounter counter)
    {
        var startInfo = new ProcessStartInfo(Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-u");
        startInfo.ArgumentList.Add("postfix");
        startInfo.ArgumentList.Add("-4");
        if (options.Hostname is not null)
        {
            startInfo.ArgumentList.Add("-h");
            startInfo.ArgumentList.Add(options.Hostname);
        }

        if (options.DataDelaySeconds is { } delay)
        {
            startInfo.ArgumentList.Add("-w");
            startInfo.ArgumentList.Add(delay.ToString(CultureInfo.InvariantCulture));
        }
        if (options.RejectCommand is not null)
        {
            var reply = options.RejectReply ?? throw new ArgumentException("RejectReply is required with RejectCommand.", nameof(options));
            var (commandFlag, replyFlag) = reply[0] switch
            {
                '4' => ("-r", "-b"),
                '5' => ("-f", "-B"),
                _ => throw new ArgumentException($"Reply must be 4xx or 5xx: {reply}", nameof(options)),
            };
            startInfo.ArgumentList.Add(commandFlag);
            startInfo.ArgumentList.Add(options.RejectCommand);
            startInfo.ArgumentList.Add(replyFlag);
            startInfo.ArgumentList.Add(reply);
        }

        if (options.CountOnly)
        {
            startInfo.ArgumentList.Add("-c");
        }
        else
        {
            startInfo.ArgumentList.Add("-d");
            startInfo.ArgumentList.Add(Path.Combine(dump, "msg."));
        }
        startInfo.ArgumentList.Add($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        startInfo.ArgumentList.Add("64");

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (!counter.Take(e.Data)) ProcessOutput.Append(output, e.Data);
        };
        process.ErrorDataReceived += (_, e) => ProcessOutput.Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task StopProcessAsync()
    {
        ProcessOutput.KillQuietly(_process);
        await ProcessOutput.WaitForExitAsync(_process, "smtp-sink", () => Output);
    }

    private HashSet<string> FilesOpenBySink()
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var descriptor in System.IO.Directory.EnumerateFileSystemEntries($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/fd"))
            {
                try
                {
                    if (new FileInfo(descriptor).LinkTarget is string target)
                    {
                        open.Add(target);
                    }
                }
                catch (IOException)
                {
                    // The descriptor closed while we looked: the file is complete.
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The sink has exited; every file it wrote is closed.
        }

        return open;
    }

    private static string Address(string arguments)
    {
        var start = arguments.IndexOf('<', StringComparison.Ordinal);
        var end = arguments.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? arguments[(start + 1)..end] : arguments.Split(' ')[0];
    }

    private static byte[] LfToCrlf(ReadOnlySpan<byte> data)
    {
        var result = new List<byte>(data.Length + (data.Length / 32));
        foreach (var b in data)
        {
            if (b == (byte)'\n')
            {
                result.Add((byte)'\r');
            }

            result.Add(b);
        }

        return [.. result];
    }
}
