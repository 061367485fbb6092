using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// A private Postfix instance in its own temporary directory (configuration, queue, data, log and
/// maildir), started with `postfix -c DIR`. Running as root, `postfix -c`, `postconf -c` and
/// `postqueue -c` accept a private configuration directory without it being listed in the default
/// main.cf's alternate_config_directories, so the system's /etc/postfix is left alone.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    private const string Postfix = "/usr/sbin/postfix";
    private const string Postconf = "/usr/sbin/postconf";
    private const string Postqueue = "/usr/sbin/postqueue";
    private const string OperatorFilterAddress = "[127.0.0.1]:10025";
    private const string OperatorReinjectListener = "127.0.0.1:10026 inet";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private bool _started;
    private bool _disposed;

    private PostfixInstance(string directory, string hostname, int listenPort, int? filterPort, int? reinjectPort, bool delivering)
    {
        Directory = directory;
        Hostname = hostname;
        ListenPort = listenPort;
        FilterPort = filterPort;
        ReinjectPort = reinjectPort;
        MaildirDirectory = delivering ? Path.Combine(directory, "mail", "maildir") : null;
    }

    public string Directory { get; }

    public string ConfigDirectory => Path.Combine(Directory, "etc");

    public string QueueDirectory => Path.Combine(Directory, "queue");

    public string MailLogPath => Path.Combine(Directory, "maillog");

    /// <summary>myhostname, also the name in its SMTP greeting and Received headers.</summary>
    public string Hostname { get; }

    public int ListenPort { get; }

    public int? FilterPort { get; }

    public int? ReinjectPort { get; }

    /// <summary>The maildir all mail for <see cref="PostfixOptions.MaildirDomains"/> goes to; null unless delivering.</summary>
    public string? MaildirDirectory { get; }

    public static async Task<PostfixInstance> StartAsync(PostfixOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = TempDirectory.Create("postfix-");
        var name = "pf" + Path.GetFileName(directory).Replace("postfix-", "", StringComparison.Ordinal).ToLowerInvariant();
        name = new string(name.Where(char.IsAsciiLetterOrDigit).ToArray());
        var upstream = options.FilterPort is not null;
        var instance = new PostfixInstance(
            directory,
            hostname: $"{name}.test",
            listenPort: options.ListenPort ?? FreePort.Next(),
            filterPort: options.FilterPort,
            reinjectPort: upstream ? options.ReinjectPort ?? FreePort.Next() : null,
            delivering: options.MaildirDomains.Count > 0);
        try
        {
            await instance.ConfigureAsync(options, name, cancellationToken);
            await instance.BootAsync(cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>The instance's log so far (maillog_file, written by postlogd).</summary>
    public string MailLog()
    {
        try
        {
            using var stream = new FileStream(MailLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public async Task<Match> WaitForLogAsync(Regex pattern, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            var match = pattern.Match(MailLog());
            if (match.Success)
            {
                return match;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No line matching /{pattern}/ in {MailLogPath} within {timeout}.\n{MailLog()}");
            }
        }
    }

    /// <summary>The queue as `postqueue -j` reports it: one JSON object per queued message.</summary>
    public async Task<IReadOnlyList<JsonDocument>> QueueAsync(CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunCheckedAsync(Postqueue, ["-c", ConfigDirectory, "-j"], cancellationToken: cancellationToken);
        return result.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line))
            .ToList();
    }

    public async Task<bool> QueueIsEmptyAsync(CancellationToken cancellationToken = default)
    {
        var queue = await QueueAsync(cancellationToken);
        foreach (var message in queue)
        {
            message.Dispose();
        }

        return queue.Count == 0;
    }

    /// <summary>Retries deferred mail now (`postqueue -f`) instead of after the backoff time.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        ProcessRunner.RunCheckedAsync(Postqueue, ["-c", ConfigDirectory, "-f"], cancellationToken: cancellationToken);

    /// <summary>
    /// The messages delivered into the maildir, oldest first, exactly as stored: with the Return-Path,
    /// Delivered-To and Received headers Postfix adds, and LF line ends (Postfix stores lines, not CRLF).
    /// </summary>
    public IReadOnlyList<byte[]> MaildirMessages()
    {
        if (MaildirDirectory is null)
        {
            throw new InvalidOperationException("This instance does not deliver mail; set PostfixOptions.MaildirDomains.");
        }

        // virtual(8) writes into tmp/ and renames into new/, so every file in new/ or cur/ is complete.
        return new[] { "new", "cur" }
            .Select(sub => Path.Combine(MaildirDirectory, sub))
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.EnumerateFiles)
            .Select(path => new FileInfo(path))
            .OrderBy(file => file.LastWriteTimeUtc)
            .ThenBy(file => file.Name, StringComparer.Ordinal)
            .Select(file => File.ReadAllBytes(file.FullName))
            .ToList();
    }

    public Task<IReadOnlyList<byte[]>> WaitForMaildirMessagesAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Poll.UntilAsync(MaildirMessages, messages => messages.Count >= count, timeout,
            messages => $"{messages.Count} of {count} messages in {MaildirDirectory} after {timeout}.\n{MailLog()}", cancellationToken);

    /// <summary>Starts a stopped instance again with its configuration, queue and maildir: a next hop back from an outage.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => _started ? Task.CompletedTask : BootAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            return;
        }

        var masterPid = ReadMasterPid();
        var stop = await RunWithTerminalAsync([Postfix, "-c", ConfigDirectory, "stop"], cancellationToken);
        if (stop.ExitCode != 0)
        {
            await RunWithTerminalAsync([Postfix, "-c", ConfigDirectory, "abort"], cancellationToken);
        }

        // `postfix stop` only signals the master; wait until it is really gone so that the next test
        // can reuse nothing by accident and the directory can be removed.
        if (masterPid is int pid && !await WaitForExitAsync(pid, StopTimeout, cancellationToken))
        {
            await ProcessRunner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], cancellationToken: cancellationToken);
        }

        _started = false;
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
            await StopAsync(CancellationToken.None);
        }
        finally
        {
            TempDirectory.Delete(Directory);
        }
    }

    private async Task ConfigureAsync(PostfixOptions options, string name, CancellationToken cancellationToken)
    {
        var postfixAccount = UnixAccount.Lookup("postfix");
        System.IO.Directory.CreateDirectory(ConfigDirectory);
        System.IO.Directory.CreateDirectory(QueueDirectory);
        var dataDirectory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "data")).FullName;
        await postfixAccount.GiveAsync(dataDirectory, cancellationToken);

        var mainCf = new StringBuilder(ReadTemplate("main.cf.template")
            .Replace("@INSTANCE_DIR@", Directory, StringComparison.Ordinal)
            .Replace("@HOSTNAME@", Hostname, StringComparison.Ordinal)
            .Replace("@SYSLOG_NAME@", name, StringComparison.Ordinal));
        var masterCf = new StringBuilder(ReadTemplate("master.cf.template")
            .Replace("@LISTEN_PORT@", ListenPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

        if (FilterPort is int filterPort && ReinjectPort is int reinjectPort)
        {
            // The operator's own snippets, with only the two loopback ports changed: what the tests
            // exercise is what the README tells operators to install.
            mainCf.Append('\n').Append(SubstituteOnce(
                RepositoryPaths.Config("postfix", "main.cf.snippet"),
                OperatorFilterAddress,
                $"[127.0.0.1]:{filterPort.ToString(CultureInfo.InvariantCulture)}"));
            masterCf.Append('\n').Append(SubstituteOnce(
                RepositoryPaths.Config("postfix", "master.cf.snippet"),
                OperatorReinjectListener,
                $"127.0.0.1:{reinjectPort.ToString(CultureInfo.InvariantCulture)} inet"));
        }

        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "main.cf"), mainCf.ToString(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "master.cf"), masterCf.ToString(), cancellationToken);

        var settings = new List<string>();
        if (options.RelayPort is int relayPort)
        {
            settings.Add($"relayhost=[127.0.0.1]:{relayPort.ToString(CultureInfo.InvariantCulture)}");
        }

        if (MaildirDirectory is not null)
        {
            var mailBase = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "mail")).FullName;
            await postfixAccount.GiveAsync(mailBase, cancellationToken);

            // One maildir for every recipient: regexp tables may not substitute $1 into mailbox paths,
            // and tests tell messages apart by their Delivered-To header.
            settings.Add($"virtual_mailbox_domains={string.Join(' ', options.MaildirDomains)}");
            settings.Add($"virtual_mailbox_base={mailBase}");
            settings.Add("virtual_mailbox_maps=static:maildir/");
            settings.Add($"virtual_uid_maps=static:{postfixAccount.Uid.ToString(CultureInfo.InvariantCulture)}");
            settings.Add($"virtual_gid_maps=static:{postfixAccount.Gid.ToString(CultureInfo.InvariantCulture)}");
            settings.Add($"virtual_minimum_uid={postfixAccount.Uid.ToString(CultureInfo.InvariantCulture)}");
        }

        settings.AddRange(options.MainCf.Select(pair => $"{pair.Key}={pair.Value}"));
        if (settings.Count > 0)
        {
            await ProcessRunner.RunCheckedAsync(Postconf, ["-c", ConfigDirectory, "-e", .. settings], cancellationToken: cancellationToken);
        }

        // The snippets keep the operator's chroot column; the test instance has no jail to chroot into.
        await ProcessRunner.RunCheckedAsync(Postconf, ["-c", ConfigDirectory, "-F", "*/*/chroot = n"], cancellationToken: cancellationToken);
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        // `postfix check` also creates the queue's subdirectories with the right owners.
        await RunWithTerminalCheckedAsync([Postfix, "-c", ConfigDirectory, "check"], cancellationToken);
        PeerCleanup.Register(this, AbortSynchronously);
        _started = true;
        await RunWithTerminalCheckedAsync([Postfix, "-c", ConfigDirectory, "start"], cancellationToken);

        var ports = ReinjectPort is int reinject ? new[] { ListenPort, reinject } : [ListenPort];
        foreach (var port in ports)
        {
            await PortProbe.WaitUntilListeningAsync(
                port,
                StartTimeout,
                () => ReadMasterPid() is int pid && !IsAlive(pid) ? "The Postfix master exited." : null,
                () => $"Postfix instance {Directory}:\n{MailLog()}",
                cancellationToken);
        }
    }

    private async Task RunWithTerminalCheckedAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await RunWithTerminalAsync(command, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{result}\n--- {MailLogPath} ---\n{MailLog()}");
        }
    }

    // Postfix commands print their errors only when stderr is a terminal (otherwise they go to the log
    // only, and before postlogd runs, nowhere); `script` gives them one. -e passes the exit code through.
    private static Task<ProcessResult> RunWithTerminalAsync(IReadOnlyList<string> command, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            "script",
            ["-qec", ShellQuote.Join(command[0], command.Skip(1)), "/dev/null"],
            cancellationToken: cancellationToken);

    private int? ReadMasterPid()
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(QueueDirectory, "pid", "master.pid")).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid) => System.IO.Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");

    private static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (IsAlive(pid))
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private void AbortSynchronously()
    {
        var masterPid = ReadMasterPid();
        using var abort = System.Diagnostics.Process.Start(Postfix, ["-c", ConfigDirectory, "abort"]);
        abort.WaitForExit(TimeSpan.FromSeconds(10));
        if (masterPid is int pid && IsAlive(pid))
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    private static string ReadTemplate(string name) =>
        File.ReadAllText(RepositoryPaths.Integration("postfix", name));

    private static string SubstituteOnce(string path, string operatorValue, string testValue)
    {
        var text = File.ReadAllText(path);
        var first = text.IndexOf(operatorValue, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(operatorValue, first + 1, StringComparison.Ordinal) >= 0)
        {
            // The harness relies on the snippet naming the operator's port exactly once; a snippet
            // edited otherwise must fail here, not send test mail to a port nobody listens on.
            throw new InvalidOperationException($"{path} must contain '{operatorValue}' exactly once.");
        }

        return text.Replace(operatorValue, testValue, StringComparison.Ordinal);
    }
}
