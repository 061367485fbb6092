using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Xunit.Abstractions;

namespace Gateway.Tests.Bench;

/// <summary>
/// The benchmark (integration/bench/run.sh; not part of ./test.sh: it asserts nothing about speed and takes minutes).
/// In one run: the gateway and a private Postfix relaying to smtp-sink, smtp-source driving the same messages into each,
/// `.p1` files dropped for X.400 → SMTP; a table of msgs/s, MB/s, CPU seconds per message and the gateway's peak RSS,
/// with the ratio to Postfix. Message counts from BENCH_MESSAGES (default 2000).
/// </summary>
[Trait("Category", "Bench")]
public sealed class BenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("bench-");
    private readonly List<string> _rows = [];

    public void Dispose() => TempDirectory.Delete(_directory);

    private static int Messages => int.TryParse(Environment.GetEnvironmentVariable("BENCH_MESSAGES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    [Fact]
    public async Task Gateway_against_Postfix_in_the_same_run()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { RelayPort = sink.Port });
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port });
        var openssl = new OpenSslCms();
        await openssl.InitializeAsync();
        var signed = await openssl.SignAsync(X400TestContent.Ipm("bench", new string('x', 9_000)), "2.6.1.10.1");
        await openssl.DisposeAsync();
        var signedFile = Path.Combine(_directory, "signed.eml");
        await File.WriteAllBytesAsync(signedFile, LfLines(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", signed)));
        var mimeFile = Path.Combine(_directory, "mime.eml");
        await File.WriteAllTextAsync(mimeFile, $"From: a@example.com\nTo: b@far.example\nSubject: bench\nMIME-Version: 1.0\nContent-Type: text/plain\n\n{new string('y', 60)}\n".Replace(
            "\n\n", "\n\n" + string.Concat(Enumerable.Repeat(new string('z', 76) + "\n", 130)), StringComparison.Ordinal));

        foreach (var sessions in new[] { 1, 20 })
        {
            var count = sessions == 1 ? Messages / 4 : Messages;
            var anchor = await SmtpSourceAsync(postfix.ListenPort, sessions, count, mimeFile, "b@far.example", null);
            var x400 = await SmtpSourceAsync(gateway.SmtpPort, sessions, count, signedFile, "john.smith@x400.example", gateway);
            Row($"SMTP -> X.400, 10 KB signed-x400, {sessions} session(s)", x400, anchor, count, new FileInfo(signedFile).Length);
            var pass = await SmtpSourceAsync(gateway.SmtpPort, sessions, count, mimeFile, "b@far.example", gateway);
            Row($"SMTP -> SMTP pass-through, 10 KB MIME, {sessions} session(s)", pass, anchor, count, new FileInfo(mimeFile).Length);
        }
        var inbound = await DropAsync(gateway, sink, Messages / 2);
        var postfixAnchor = await SmtpSourceAsync(postfix.ListenPort, 20, Messages / 2, mimeFile, "b@far.example", null);
        Row("X.400 -> SMTP, 10 KB IPM (.p1 dropped)", inbound, postfixAnchor, Messages / 2, 10_000);

        output.WriteLine("| case | msgs/s | MB/s | Postfix msgs/s | ratio | CPU ms/msg (gateway) | peak RSS (gateway) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in _rows) output.WriteLine(row);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(messages per case: {Messages}; gateway build: {BuildConfiguration()})"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out")));
    }

    private record struct Run(TimeSpan Elapsed, double CpuSeconds, long PeakRssKb);

    private void Row(string name, Run gateway, Run postfix, int count, long size)
    {
        var rate = count / gateway.Elapsed.TotalSeconds;
        var anchor = count / postfix.Elapsed.TotalSeconds;
        _rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate:F0} | {rate * size / 1e6:F1} | {anchor:F0} | {rate / anchor:F2} | {gateway.CpuSeconds * 1000 / count:F2} | {gateway.PeakRssKb / 1024} MB |"));
    }

    /// <summary>smtp-source into <paramref name="port"/>; the gateway's CPU time and peak RSS over the run when given.</summary>
    private static async Task<Run> SmtpSourceAsync(int port, int sessions, int count, string file, string to, GatewayProcess? gateway)
    {
        var cpuBefore = gateway is null ? 0 : Cpu(gateway.ProcessId);
        var clock = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync("/usr/sbin/smtp-source",
        [
            "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", count.ToString(CultureInfo.InvariantCulture), "-F", file,
            "-f", "a@example.com", "-t", to, "-M", "bench.test", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
        ], timeout: TimeSpan.FromMinutes(10));
        clock.Stop();
        return new Run(clock.Elapsed, gateway is null ? 0 : Cpu(gateway.ProcessId) - cpuBefore, gateway is null ? 0 : PeakRss(gateway.ProcessId));
    }

    /// <summary>Drops <paramref name="count"/> .p1 files at once and times until the sink has them all.</summary>
    private async Task<Run> DropAsync(GatewayProcess gateway, SmtpSink sink, int count)
    {
        var before = sink.Messages().Count;
        var staging = Path.Combine(gateway.DataDirectory, "x400", "tmp");
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var p1 = InboundP1.Message(new OrName(OrAddress.Parse("/S=Bench/O=Acme/PRMD=Acme/ADMD= /C=GB/")), $"r{i}@example.com",
                X400TestContent.Ipm($"bench {i}", new string('q', 9_500)), X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility);
            var path = Path.Combine(staging, $"bench{i}.part");
            await File.WriteAllBytesAsync(path, MtsApduCodec.Encode(p1));
            names.Add(path);
        }
        var cpuBefore = Cpu(gateway.ProcessId);
        var clock = Stopwatch.StartNew();
        foreach (var path in names) File.Move(path, Path.Combine(gateway.DataDirectory, "x400", "in", Path.GetFileNameWithoutExtension(path) + ".p1"));
        await Poll.UntilAsync(() => Directory.GetFiles(sink.DumpDirectory, "*", SearchOption.AllDirectories).Length, n => n >= before + count, TimeSpan.FromMinutes(10),
            n => $"{n - before} of {count} arrived");
        clock.Stop();
        return new Run(clock.Elapsed, Cpu(gateway.ProcessId) - cpuBefore, PeakRss(gateway.ProcessId));
    }

    private static byte[] LfLines(byte[] crlf) => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));

    /// <summary>utime + stime of the process and its threads, in seconds (/proc/PID/stat fields 14 and 15).</summary>
    private static double Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>VmHWM: the peak resident set, in KiB.</summary>
    private static long PeakRss(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);

    private static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "?";
}
