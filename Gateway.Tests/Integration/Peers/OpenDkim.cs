using System.Globalization;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Debian's opendkim-testmsg as an independent DKIM verifier. It asks DNS through the system resolver, which cannot be
/// pointed at a test port, so it runs in private mount and network namespaces (unshare -mn): a dnsmasq on that
/// namespace's own 127.0.0.1:53 serves the key, and a resolv.conf naming it is bind-mounted over /etc/resolv.conf —
/// nothing outside the namespace is touched.
/// </summary>
public static class OpenDkim
{
    /// <param name="keyRecord">The key's TXT record in dnsmasq syntax, e.g. <c>txt-record=sel._domainkey.example.test,"v=DKIM1; …"</c>.</param>
    /// <returns>opendkim-testmsg's exit code (0: verified) and what it said.</returns>
    public static async Task<(int ExitCode, string Output)> VerifyAsync(byte[] message, string keyRecord)
    {
        var directory = TempDirectory.Create("opendkim-");
        try
        {
            var resolv = Path.Combine(directory, "resolv.conf");
            var config = Path.Combine(directory, "dnsmasq.conf");
            var input = Path.Combine(directory, "message.eml");
            await File.WriteAllTextAsync(resolv, "nameserver 127.0.0.1\n");
            await File.WriteAllTextAsync(config, string.Join('\n', "port=53", "listen-address=127.0.0.1", "bind-interfaces", "no-resolv", "no-hosts",
                "local=/test/", "user=root", "pid-file=", keyRecord) + "\n");
            await File.WriteAllBytesAsync(input, message);
            var script = string.Create(CultureInfo.InvariantCulture,
                $"ip link set lo up && mount --bind {resolv} /etc/resolv.conf && (dnsmasq --conf-file={config} --keep-in-foreground & echo $! > {directory}/pid) "
                + $"&& sleep 0.5 && opendkim-testmsg < {input}; rc=$?; kill $(cat {directory}/pid); exit $rc");
            var result = await ProcessRunner.RunAsync("unshare", ["-mn", "sh", "-c", script], timeout: TimeSpan.FromSeconds(30));
            return (result.ExitCode, result.StandardOutput + result.StandardError);
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }
}
