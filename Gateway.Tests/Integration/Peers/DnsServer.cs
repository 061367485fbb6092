using System.Diagnostics;
using System.Net;
using System.Text;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// A private authoritative DNS for the test zones: Debian's dnsmasq on a loopback high port, answering only from its
/// configuration (no upstream, no hosts file) and NXDOMAIN for any other name under <c>.test</c>. Records are given in
/// dnsmasq's own syntax (<c>txt-record=</c>, <c>host-record=</c>, <c>mx-host=</c>, <c>ptr-record=</c>); a name under
/// <c>temperror.test</c> is forwarded to a port where nothing listens, so it fails as a broken server would.
/// </summary>
public sealed class DnsServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DnsServer(string directory, int port, Process process)
    {
        Directory = directory;
        Port = port;
        _process = process;
    }

    public string Directory { get; }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public static async Task<DnsServer> StartAsync(IEnumerable<string> records, CancellationToken cancellationToken = default)
    {
        var directory = TempDirectory.Create("dns-");
        var port = FreePort.Next();
        var config = Path.Combine(directory, "dnsmasq.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
        [
            $"port={port}", "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts", "no-negcache", "cache-size=0",
            "local=/test/", "server=/temperror.test/127.0.0.1#9", "user=root", "pid-file=",
            .. records,
        ]) + "\n", cancellationToken);
        var start = new ProcessStartInfo("/usr/sbin/dnsmasq") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--conf-file={config}", "--keep-in-foreground" }) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dnsmasq did not start");
        var server = new DnsServer(directory, port, process);
        process.OutputDataReceived += (_, e) => ProcessOutput.Append(server._output, e.Data);
        process.ErrorDataReceived += (_, e) => ProcessOutput.Append(server._output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        PeerCleanup.Register(server, () => ProcessOutput.KillQuietly(process));
        // dnsmasq answers once it is bound; a TCP connect to the same port tells when (it serves TCP too).
        await PortProbe.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), () => process.HasExited ? $"dnsmasq exited with {process.ExitCode}" : null,
            () => server.Output, cancellationToken);
        return server;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        ProcessOutput.KillQuietly(_process);
        await ProcessOutput.WaitForExitAsync(_process, "The DNS server", () => Output);
        _process.Dispose();
        PeerCleanup.Unregister(this);
        TempDirectory.Delete(Directory);
    }
}
