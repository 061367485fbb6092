using System.Diagnostics;
using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// A private OpenLDAP slapd (Debian's, mdb backend, core + cosine + inetorgperson schemas) on a loopback port, with the
/// suffix <see cref="Suffix"/> and its <c>ou=pki</c> created. Entries go in with the real ldapadd / ldapmodify; the
/// server can be stopped and started again on the same port with the same data. Nothing system-wide is touched.
/// </summary>
public sealed class Slapd : IAsyncDisposable
{
    public const string Suffix = "dc=gateway,dc=test";
    public const string BaseDn = "ou=pki," + Suffix;
    public const string RootDn = "cn=admin," + Suffix;
    public const string RootPassword = "slapd-test-secret";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly StringBuilder _output = new();
    private Process? _process;

    private Slapd(string directory, int port)
    {
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public string Url => $"ldap://127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<Slapd> StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = TempDirectory.Create("slapd-");
        var slapd = new Slapd(directory, FreePort.Next());
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        await File.WriteAllTextAsync(Path.Combine(directory, "slapd.conf"), $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            pidfile {directory}/slapd.pid
            modulepath /usr/lib/ldap
            moduleload back_mdb
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "{RootDn}"
            rootpw {RootPassword}
            directory {directory}/data
            """, cancellationToken);
        try
        {
            await slapd.RestartAsync(cancellationToken);
            await slapd.AddAsync($"""
                dn: {Suffix}
                objectClass: dcObject
                objectClass: organization
                o: gateway tests
                dc: gateway

                dn: {BaseDn}
                objectClass: organizationalUnit
                ou: pki
                """, cancellationToken);
            return slapd;
        }
        catch
        {
            await slapd.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) on its port with its data; waits until it accepts connections.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        var start = new ProcessStartInfo("/usr/sbin/slapd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -d 0: stay in the foreground (the test owns the process), log nothing beyond errors.
        foreach (var argument in new[] { "-f", Path.Combine(Directory, "slapd.conf"), "-h", $"{Url}/", "-d", "0" }) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start");
        process.OutputDataReceived += (_, e) => ProcessOutput.Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => ProcessOutput.Append(_output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        PeerCleanup.Register(this, Kill);
        await PortProbe.WaitUntilListeningAsync(Port, StartTimeout, () => process.HasExited ? $"slapd exited with {process.ExitCode}." : null, () => Output,
            cancellationToken);
    }

    /// <summary>Stops the server as an outage would (the data stays).</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        Kill();
        await ProcessOutput.WaitForExitAsync(_process, "slapd", () => Output);
        _process.Dispose();
        _process = null;
        PeerCleanup.Unregister(this);
    }

    /// <summary><c>ldapadd</c> as the root DN.</summary>
    public Task AddAsync(string ldif, CancellationToken cancellationToken = default) => ClientAsync("ldapadd", ldif, cancellationToken);

    /// <summary><c>ldapmodify</c> as the root DN.</summary>
    public Task ModifyAsync(string ldif, CancellationToken cancellationToken = default) => ClientAsync("ldapmodify", ldif, cancellationToken);

    /// <summary>A value in LDIF's base64 form (<c>attribute:: …</c>) folded at 76 columns.</summary>
    public static string Binary(string attribute, byte[] value)
    {
        var line = $"{attribute}:: {Convert.ToBase64String(value)}";
        var folded = new StringBuilder(line[..Math.Min(76, line.Length)]);
        for (var i = 76; i < line.Length; i += 75) folded.Append("\n ").Append(line.AsSpan(i, Math.Min(75, line.Length - i)));
        return folded.ToString();
    }

    private async Task ClientAsync(string tool, string ldif, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, $"{Guid.NewGuid():N}.ldif");
        await File.WriteAllTextAsync(path, ldif.ReplaceLineEndings("\n") + "\n", cancellationToken);
        await ProcessRunner.RunCheckedAsync(tool, ["-x", "-H", Url, "-D", RootDn, "-w", RootPassword, "-f", path], cancellationToken: cancellationToken);
    }

    private void Kill()
    {
        if (_process is { } process) ProcessOutput.KillQuietly(process);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TempDirectory.Delete(Directory);
    }
}
