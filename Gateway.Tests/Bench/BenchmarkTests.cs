using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Xunit.Abstractions;

namespace Gateway.Tests.Bench;

/// <summary>
/// The benchmark (integration/bench/run.sh; not part of ./test.sh: it asserts nothing about speed and takes minutes).
/// In one run: the gateway (default policy: signatures verified against a trust anchor) and a private Postfix relaying
/// to smtp-sink; smtp-source drives the same message files into each; `.p1` files are dropped for X.400 → SMTP; a paced
/// client measures latency at half the peak rate; the disk's durable-write ceiling is measured the plain way, and what
/// smtp-source can send straight into smtp-sink (the load generator's own ceiling), and beside each latency row the disk or
/// the next hop alone at the same rate; gateways
/// with a signing route (RSA-2048, P-256) sign plain x400-content. Prints the tables.
/// BENCH_MESSAGES (default 2000) scales every case; BENCH_ROUNDS (default 3) sets the turns the gateway and Postfix take
/// in each throughput and latency case; BENCH_CASES (a regular expression) picks cases by name; BENCH_LARGE=0 leaves out the 200 MB message.
/// </summary>
[Trait("Category", "Bench")]
public sealed class BenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private const string X400Recipient = "john.smith@x400.example";
    private const string SmtpRecipient = "b@far.example";

    private readonly string _directory = TempDirectory.Create("bench-");
    private int _cleaned;
    private readonly RecentDeletions _deletions = new();
    private readonly List<string> _rows = [];
    private readonly List<string> _latencyRows = [];
    private readonly List<string> _memoryRows = [];
    private readonly List<string> _stolenRows = [];

    public void Dispose() => TempDirectory.Delete(_directory);

    private static int Messages => int.TryParse(Environment.GetEnvironmentVariable("BENCH_MESSAGES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    /// <summary>
    /// Rounds per throughput case, the gateway and Postfix taking turns (BENCH_ROUNDS, default 3); the table gives each
    /// side's median. This machine is shared: Postfix alone did 640 to 1,300 msgs/s for the same load within one day, so
    /// one run of each, minutes apart, made the ratio as much a matter of when as of what.
    /// </summary>
    private static int Rounds => int.TryParse(Environment.GetEnvironmentVariable("BENCH_ROUNDS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 3;

    private static bool Wanted(string name) =>
        Environment.GetEnvironmentVariable("BENCH_CASES") is not { Length: > 0 } pattern || Regex.IsMatch(name, pattern, RegexOptions.IgnoreCase);

    [Fact]
    public async Task Gateway_against_Postfix_in_the_same_run()
    {
        var stolenBefore = ProcessStats.StolenSeconds();
        var runClock = Stopwatch.StartNew();
        var pki = new VerificationPki();
        await pki.InitializeAsync();
        // The next hop only counts: a dump file per message would cost a file create on the cores the gateway and Postfix share
        // (a third of the CPU while the gateway sent 3,000 messages/s), a cost of the measurement, not of either.
        await using var sink = await SmtpSink.StartAsync(new SmtpSinkOptions { CountOnly = true });
        await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions { RelayPort = sink.Port });

        var signed10K = await SignedAsync(pki, "signed-10k.eml", 10_000);
        var signed100K = await SignedAsync(pki, "signed-100k.eml", 100_000);
        var signed1M = await SignedAsync(pki, "signed-1m.eml", 1_000_000);
        var mime10K = Mime("mime-10k.eml", 10_000);
        var plain10K = Write("x400-content-10k.eml", LfLines(X400TestContent.Wrapped("application/x400-content; content-type=22",
            X400TestContent.Ipm("bench", new string('x', 9_000)))));

        await _deletions.WaitOutAsync();
        var ceiling = DurableWriteCeiling.Measure(_directory, 20, 10 * 1024, TimeSpan.FromSeconds(3));
        var sourceCeiling = await LoadGeneratorCeilingAsync(sink, signed10K);

        var settings = new Dictionary<string, string>
        {
            ["Gateway:Security:TrustAnchors:0"] = pki.RootCertificatePath,
            ["Gateway:Smtp:MaxMessageSize"] = (320L * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Gateway:Smtp:MaxConnections"] = "400",
            ["Gateway:Smtp:MaxConnectionsPerClient"] = "400",
        };
        double? x400Rate = null;
        await using (var gateway = await StartGatewayAsync(sink, settings))
        {
            foreach (var sessions in new[] { 1, 20, 100 })
            {
                var count = sessions == 1 ? Messages / 4 : Messages;
                var rate = await CaseAsync($"SMTP -> X.400, 10 KB signed-x400, {sessions} session(s)", gateway, postfix, sink, signed10K, X400Recipient, sessions, count);
                if (sessions == 20) x400Rate = rate;
                await CaseAsync($"SMTP -> SMTP pass-through, 10 KB MIME, {sessions} session(s)", gateway, postfix, sink, mime10K, SmtpRecipient, sessions, count);
            }
            await CaseAsync("SMTP -> X.400, 100 KB signed-x400, 20 sessions", gateway, postfix, sink, signed100K, X400Recipient, 20, Math.Max(Messages / 4, 20));
            await CaseAsync("SMTP -> X.400, 1 MB signed-x400, 20 sessions", gateway, postfix, sink, signed1M, X400Recipient, 20, Math.Max(Messages / 20, 20));
            await DropCaseAsync("X.400 -> SMTP, 10 KB IPM (.p1 dropped; Postfix: 20 sessions, until smtp-sink has all)", gateway, postfix, sink, mime10K, Messages);
            await LatencyAsync("SMTP -> X.400, 10 KB signed-x400, 20 sessions", gateway, postfix, sink, signed10K, X400Recipient, mime10K);
            await LatencyAsync("SMTP -> SMTP pass-through, 10 KB MIME, 20 sessions", gateway, postfix, sink, mime10K, SmtpRecipient, mime10K);
        }
        // Memory on fresh gateways: what a long run has grown the heap to is not what idle sessions or one large message cost.
        if (Wanted("idle sessions"))
        {
            await using var fresh = await StartGatewayAsync(sink, settings);
            await IdleSessionsAsync(fresh, 200);
        }
        if (Wanted("large message") && Environment.GetEnvironmentVariable("BENCH_LARGE") != "0")
        {
            await using var fresh = await StartGatewayAsync(sink, settings);
            await LargeMessageAsync(fresh, pki, 200_000_000);
        }
        if (Wanted("large message from X.400") && Environment.GetEnvironmentVariable("BENCH_LARGE") != "0")
        {
            await using var fresh = await StartGatewayAsync(sink, settings);
            await LargeInboundAsync(fresh, pki, 200_000_000);
        }

        foreach (var (name, signer) in new[] { ("RSA-2048", pki.Rsa), ("P-256", pki.Ec) })
        {
            var caseName = $"SMTP -> X.400, 10 KB x400-content signed by the gateway ({name}), 20 sessions";
            if (!Wanted(caseName)) continue;
            var signing = new Dictionary<string, string>(settings)
            {
                ["Gateway:Security:Identity:Certificate"] = signer.CertificatePath,
                ["Gateway:Security:Identity:Key"] = signer.KeyPath,
                ["Gateway:Security:Routes:0:Match"] = "x400.example",
                ["Gateway:Security:Routes:0:Direction"] = "ToX400",
                ["Gateway:Security:Routes:0:Sign"] = "true",
            };
            await using var gateway = await StartGatewayAsync(sink, signing);
            await CaseAsync(caseName, gateway, postfix, sink, plain10K, X400Recipient, 20, Messages);
        }
        await pki.DisposeAsync();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Durable-write ceiling (20 writers: create + 10 KiB + fsync + rename + directory fsync): {ceiling:F0} files/s"));
        if (sourceCeiling is { } source)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Load-generator ceiling (smtp-source straight into smtp-sink, the 10 KB signed-x400 file, 20 sessions): {source:F0} msgs/s"));
        }
        if (x400Rate is { } r)
        {
            var ofSource = sourceCeiling is { } sent ? string.Create(CultureInfo.InvariantCulture, $", {100 * r / sent:F0} % of the load generator's") : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SMTP -> X.400 10 KB signed-x400 at 20 sessions: {r:F0} msgs/s = {100 * r / ceiling:F0} % of the ceiling{ofSource}"));
        }
        output.WriteLine("");
        output.WriteLine("| case | msgs/s | MB/s | CPU ms/msg | peak RSS | Postfix msgs/s | Postfix MB/s | ratio |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in _rows) output.WriteLine(row);
        output.WriteLine("");
        output.WriteLine("| latency at half the peak rate (median round) | rate msgs/s | p50 ms | p99 ms (worst round) | Postfix rate | Postfix p50 ms | Postfix p99 ms (worst round) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in _latencyRows) output.WriteLine(row);
        if (_stolenRows.Count > 0) output.WriteLine("");
        foreach (var row in _stolenRows) output.WriteLine(row);
        output.WriteLine("");
        output.WriteLine("| memory | result | RSS of the gateway |");
        output.WriteLine("|---|---|---|");
        foreach (var row in _memoryRows) output.WriteLine(row);
        var stolen = ProcessStats.StolenSeconds() - stolenBefore;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stolen by the host during the run (steal, /proc/stat): {stolen:F1} s of the CPUs' {runClock.Elapsed.TotalSeconds * Environment.ProcessorCount:F0} s ({100 * stolen / (runClock.Elapsed.TotalSeconds * Environment.ProcessorCount):F1} %)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(BENCH_MESSAGES={Messages}, BENCH_ROUNDS={Rounds}; gateway build: {BuildConfiguration()}; {Environment.ProcessorCount} CPUs)"));
    }

    private record struct Run(TimeSpan Elapsed, double CpuSeconds, long PeakRssKb, int Count)
    {
        public readonly double Rate => Count / Elapsed.TotalSeconds;
    }

    private async Task<string> SignedAsync(VerificationPki pki, string name, int size)
    {
        var signed = await pki.SignAsync(X400TestContent.Ipm("bench", new string('x', Math.Max(size - 1_000, 100) * 3 / 4)), pki.Rsa);
        return Write(name, LfLines(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", signed)));
    }

    private string Mime(string name, int size)
    {
        var body = string.Concat(Enumerable.Repeat(new string('z', 76) + "\n", size / 77));
        return Write(name, Encoding.ASCII.GetBytes(
            $"From: a@example.com\nTo: {SmtpRecipient}\nSubject: bench\nMessage-ID: <bench@example.com>\nMIME-Version: 1.0\nContent-Type: text/plain\n\n{body}"));
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>
    /// One throughput case: smtp-source into the gateway and into Postfix, in turns (<see cref="Rounds"/>), after a warm-up
    /// of each; the row has each side's median.
    /// </summary>
    private async Task<double?> CaseAsync(string name, GatewayProcess gateway, PostfixInstance postfix, SmtpSink sink, string file, string to, int sessions, int count)
    {
        if (!Wanted(name)) return null;
        var size = new FileInfo(file).Length;
        // Warm-up, not measured: the JIT's tiers settle and the thread pool grows to the load, as in a daemon that has run a
        // while; Postfix starts its smtpd and cleanup processes.
        await WarmUpAsync(() => SmtpSourceAsync(gateway.SmtpPort, sessions, WarmUp(count), file, to, gateway));
        await SmtpSourceAsync(postfix.ListenPort, sessions, WarmUp(count), file, SmtpRecipient, null);
        await WaitForPostfixAsync(postfix);
        Clean(gateway);
        await _deletions.WaitOutAsync();
        var runs = new List<Run>();
        var anchors = new List<Run>();
        for (var round = 0; round < Rounds; round++)
        {
            runs.Add(await SmtpSourceAsync(gateway.SmtpPort, sessions, count, file, to, gateway));
            Clean(gateway);
            anchors.Add(await SmtpSourceAsync(postfix.ListenPort, sessions, count, file, SmtpRecipient, null));
            await WaitForPostfixAsync(postfix);
            Clean(gateway);
        }
        var run = Median(runs);
        Row(name, run, Median(anchors), size);
        return run.Rate;
    }

    /// <summary>
    /// What smtp-source can send at all on this machine: the same file and sessions straight into smtp-sink, which only
    /// counts (median of the rounds, after a warm-up). No relay between them can be measured faster than this; on two
    /// cores smtp-source and smtp-sink take a core between them, so it is the upper bound of every SMTP case's rate.
    /// </summary>
    private async Task<double?> LoadGeneratorCeilingAsync(SmtpSink sink, string file)
    {
        if (!Wanted("load generator")) return null;
        await SmtpSourceAsync(sink.Port, 20, WarmUp(Messages), file, X400Recipient, null);
        var runs = new List<Run>();
        for (var round = 0; round < Rounds; round++) runs.Add(await SmtpSourceAsync(sink.Port, 20, Messages, file, X400Recipient, null));
        return Median(runs).Rate;
    }

    /// <summary>The median rate and the median CPU per message of the rounds, the highest peak RSS.</summary>
    private static Run Median(List<Run> runs)
    {
        static double MedianOf(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var count = runs[0].Count;
        return new Run(TimeSpan.FromSeconds(count / MedianOf(runs.Select(r => r.Rate))), MedianOf(runs.Select(r => r.CpuSeconds / r.Count)) * count,
            runs.Max(r => r.PeakRssKb), count);
    }

    private static int WarmUp(int count) => Math.Clamp(count / 5, 200, 500);

    /// <summary>
    /// Two warm-up rounds, each followed by a pause. The JIT starts counting calls only once it has had nothing new to
    /// compile for a moment (after the first round), and compiles the hot methods again, optimised, on its background
    /// thread (in the pause after the second). Measured before that, a short case counts the compilation as the messages'
    /// CPU: the X.400 -> SMTP case took 0.61 ms per message at 1,000 files and 0.32 ms at 8,000.
    /// </summary>
    private static async Task WarmUpAsync(Func<Task> round)
    {
        for (var i = 0; i < 2; i++)
        {
            await round();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private void Row(string name, Run gateway, Run postfix, long size) =>
        _rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {gateway.Rate:F0} | {gateway.Rate * size / 1e6:F1} | {gateway.CpuSeconds * 1000 / gateway.Count:F2} | {gateway.PeakRssKb / 1024} MB | {postfix.Rate:F0} | {postfix.Rate * size / 1e6:F1} | {gateway.Rate / postfix.Rate:F2} |"));

    /// <summary>
    /// A gateway of the bench, started as the systemd unit starts it: under SCHED_BATCH (the unit's
    /// <c>CPUSchedulingPolicy=batch</c>; Postfix runs as its own packaging starts it), its log to a file as Postfix's goes to
    /// its maillog, not through a pipe this process reads while the gateway is measured (see
    /// <see cref="GatewayProcessOptions.OutputToFile"/>).
    /// </summary>
    private static Task<GatewayProcess> StartGatewayAsync(SmtpSink nextHop, IReadOnlyDictionary<string, string> settings) =>
        GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = nextHop.Port, Settings = settings, OutputToFile = true, Launcher = ["chrt", "--batch", "0"],
        });

    /// <summary>smtp-source into <paramref name="port"/>; the gateway's CPU time and peak RSS over the run when given.</summary>
    private static async Task<Run> SmtpSourceAsync(int port, int sessions, int count, string file, string to, GatewayProcess? gateway)
    {
        if (gateway is not null) ProcessStats.ResetPeak(gateway.ProcessId);
        var cpuBefore = gateway is null ? 0 : ProcessStats.CpuSeconds(gateway.ProcessId);
        var clock = Stopwatch.StartNew();
        await ProcessRunner.RunCheckedAsync("/usr/sbin/smtp-source",
        [
            // -N: each recipient gets a sequence number in front, so that every message is a different transaction. Without
            // it every message of a case had the same sender, recipient and content, hence the same X.400 identifier: the
            // gateway (rightly) took each as a retry of the first and replaced one file, instead of writing a new one.
            "-N", "-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", count.ToString(CultureInfo.InvariantCulture), "-F", file,
            "-f", "a@example.com", "-t", to, "-M", "bench.test", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}"),
        ], timeout: TimeSpan.FromMinutes(20));
        clock.Stop();
        return gateway is null
            ? new Run(clock.Elapsed, 0, 0, count)
            : new Run(clock.Elapsed, ProcessStats.CpuSeconds(gateway.ProcessId) - cpuBefore, ProcessStats.PeakRssKb(gateway.ProcessId), count);
    }

    /// <summary>Postfix's 250 means queued; its queue must drain before the next case, or it competes for the CPU.</summary>
    private static Task WaitForPostfixAsync(PostfixInstance postfix) =>
        Poll.UntilAsync(() => Directory.GetFiles(postfix.QueueDirectory, "*", SearchOption.AllDirectories)
                .Count(f => !f.Contains("/pid/", StringComparison.Ordinal) && !f.Contains("/public/", StringComparison.Ordinal) && !f.Contains("/private/", StringComparison.Ordinal)),
            n => n == 0, TimeSpan.FromMinutes(10), n => $"{n} files still in Postfix's queue");

    /// <summary>
    /// The X.400 files of a round taken out of out/ (as an MTA takes them), so that the directory is the same size for every
    /// round. They are moved aside, not deleted, until the run ends: see <see cref="RecentDeletions"/>.
    /// </summary>
    private void Clean(GatewayProcess gateway)
    {
        // A directory per round: the names are the messages' X.400 identifiers, the same in every round.
        var aside = Directory.CreateDirectory(Path.Combine(_directory, "taken", (++_cleaned).ToString(CultureInfo.InvariantCulture))).FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out"))) File.Move(f, Path.Combine(aside, Path.GetFileName(f)));
    }

    /// <summary>Drops <paramref name="count"/> .p1 files at once and times until the sink has them all.</summary>
    private async Task DropCaseAsync(string name, GatewayProcess gateway, PostfixInstance postfix, SmtpSink sink, string anchorFile, int count)
    {
        if (!Wanted(name)) return;
        Clean(gateway);
        // Warm-up, not measured, as for the SMTP cases.
        await WarmUpAsync(async () =>
        {
            await DropAsync(gateway, sink, WarmUp(count), "warm");
            Clean(gateway);
        });
        var runs = new List<Run>();
        var anchors = new List<Run>();
        long size = 0;
        for (var round = 0; round < Rounds; round++)
        {
            (var run, size) = await DropAsync(gateway, sink, count, $"bench{round}-");
            runs.Add(run);
            Clean(gateway);
            // The anchor is Postfix relaying the same number of 10 KB messages into smtp-sink, timed until the sink has them
            // all (as the gateway is), not only until Postfix has queued them.
            var before = sink.Counter.Received;
            var started = DateTime.UtcNow;
            await SmtpSourceAsync(postfix.ListenPort, 20, count, anchorFile, SmtpRecipient, null);
            var last = await ArrivedAsync(sink, before + count);
            await WaitForPostfixAsync(postfix);
            Clean(gateway);
            anchors.Add(new Run(last - started, 0, 0, count));
        }
        // The gateway deleted each .p1 file it delivered.
        _deletions.Happened();
        Row(name, Median(runs), Median(anchors), size);
    }

    /// <summary>When the sink had <paramref name="total"/> messages in all (the time its counter said so, not a poll's).</summary>
    private static Task<DateTime> ArrivedAsync(SmtpSink sink, long total) =>
        sink.Counter.WaitForAsync(total, TimeSpan.FromMinutes(20), () => sink.Output);

    /// <summary>Drops <paramref name="count"/> 10 KB `.p1` files into in/ at once and times them until all are at the sink.</summary>
    private static async Task<(Run Run, long Size)> DropAsync(GatewayProcess gateway, SmtpSink sink, int count, string prefix)
    {
        var staging = Path.Combine(gateway.DataDirectory, "x400", "tmp");
        var names = new List<string>();
        long size = 0;
        for (var i = 0; i < count; i++)
        {
            var p1 = InboundP1.Message(new OrName(OrAddress.Parse("/S=Bench/O=Acme/PRMD=Acme/ADMD= /C=GB/")), $"r{i}@example.com",
                X400TestContent.Ipm($"bench {i}", new string('q', 9_500)), X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility);
            var path = Path.Combine(staging, $"{prefix}{i}.part");
            var bytes = MtsApduCodec.Encode(p1);
            size = bytes.Length;
            await File.WriteAllBytesAsync(path, bytes);
            names.Add(path);
        }
        ProcessStats.ResetPeak(gateway.ProcessId);
        var cpuBefore = ProcessStats.CpuSeconds(gateway.ProcessId);
        var before = sink.Counter.Received;
        var started = DateTime.UtcNow;
        foreach (var path in names) File.Move(path, Path.Combine(gateway.DataDirectory, "x400", "in", Path.GetFileNameWithoutExtension(path) + ".p1"));
        var last = await ArrivedAsync(sink, before + count);
        return (new Run(last - started, ProcessStats.CpuSeconds(gateway.ProcessId) - cpuBefore, ProcessStats.PeakRssKb(gateway.ProcessId), count), size);
    }

    /// <summary>
    /// p50 / p99 from MAIL to the final reply with 20 sessions paced at half the peak rate, the gateway, Postfix and the disk
    /// or the next hop alone taking turns (<see cref="Rounds"/>). Each cell is the round with the median p99, with the worst
    /// round's p99 beside it. On this machine the fsyncs of every writer are now and then held together for 8 to 50 ms
    /// (perf trace), and Postfix now and then answers a RCPT after a second; one such stall inside a five-second round
    /// decides that round's p99, whoever is measured. The median of the rounds, as for throughput, tells the one from the other.
    /// </summary>
    private async Task LatencyAsync(string name, GatewayProcess gateway, PostfixInstance postfix, SmtpSink sink, string file, string to, string anchorFile)
    {
        if (!Wanted("latency " + name)) return;
        var message = await File.ReadAllBytesAsync(file);
        var anchorMessage = await File.ReadAllBytesAsync(anchorFile);
        await _deletions.WaitOutAsync();
        var peak = await SmtpSourceAsync(gateway.SmtpPort, 20, Messages / 2, file, to, gateway);
        Clean(gateway);
        var postfixPeak = await SmtpSourceAsync(postfix.ListenPort, 20, Messages / 2, anchorFile, SmtpRecipient, null);
        await WaitForPostfixAsync(postfix);
        var rate = peak.Rate / 2;
        var count = (int)Math.Clamp(rate * 5, 100, Messages);
        var postfixRate = postfixPeak.Rate / 2;
        var postfixCount = (int)Math.Clamp(postfixRate * 5, 100, Messages);
        var gatewayRounds = new List<IReadOnlyList<double>>();
        var postfixRounds = new List<IReadOnlyList<double>>();
        var aloneRounds = new List<IReadOnlyList<double>>();
        var (gatewayStolen, postfixStolen, aloneStolen) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            gatewayRounds.Add(await StealCountedAsync(gatewayStolen, () => SmtpLoad.LatenciesAsync(gateway.SmtpPort, 20, count, rate, message, to)));
            Clean(gateway);
            postfixRounds.Add(await StealCountedAsync(postfixStolen,
                () => SmtpLoad.LatenciesAsync(postfix.ListenPort, 20, postfixCount, postfixRate, anchorMessage, SmtpRecipient)));
            await WaitForPostfixAsync(postfix);
            // What the X.400 file alone waits for on this disk at the same rate, with nothing else of the message; or, the
            // gateway keeping no queue, the next hop's own wait, which is part of the gateway's 250.
            aloneRounds.Add(await StealCountedAsync(aloneStolen, () => to == X400Recipient
                ? Task.FromResult(DurableWriteCeiling.Latencies(_directory, 20, 10 * 1024, count, rate))
                : SmtpLoad.LatenciesAsync(sink.Port, 20, count, rate, message, to)));
        }
        // A host that takes the cores away holds every message in flight at once, whoever serves it; a round's p99 is then
        // the length of that hold. Printed so that a reader can tell such a round from the gateway's own tail.
        static string Ms(List<double> rounds) => string.Join(", ", rounds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s * 1000:F0}")));
        _stolenRows.Add(string.Create(CultureInfo.InvariantCulture,
            $"Stolen by the host in each round of \"{name}\", ms of CPU: the gateway's {Ms(gatewayStolen)}; Postfix's {Ms(postfixStolen)}; alone {Ms(aloneStolen)}"));
        _latencyRows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rate:F0} | {LatencyCells(gatewayRounds)} | {postfixRate:F0} | {LatencyCells(postfixRounds)} |"));
        var alone = to == X400Recipient
            ? "the disk alone at that rate: create + 10 KiB + fsync + rename + directory fsync, 20 writers"
            : "the next hop alone at that rate: smtp-sink, 20 sessions";
        _latencyRows.Add(string.Create(CultureInfo.InvariantCulture, $"| {alone} | {rate:F0} | {LatencyCells(aloneRounds)} | | | |"));
    }

    /// <summary>Runs one round and adds to <paramref name="stolen"/> the CPU time the host took from the machine meanwhile.</summary>
    private static async Task<T> StealCountedAsync<T>(List<double> stolen, Func<Task<T>> round)
    {
        var before = ProcessStats.StolenSeconds();
        var result = await round();
        stolen.Add(ProcessStats.StolenSeconds() - before);
        return result;
    }

    /// <summary>"p50 | p99" of the round whose p99 is the median (the upper one of two), and the worst round's p99 when there are more.</summary>
    private static string LatencyCells(List<IReadOnlyList<double>> rounds)
    {
        var byP99 = rounds.OrderBy(r => SmtpLoad.Percentile(r, 99)).ToList();
        var median = byP99[byP99.Count / 2];
        var worst = byP99.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (worst {SmtpLoad.Percentile(byP99[^1], 99):F1})") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{SmtpLoad.Percentile(median, 50):F1} | {SmtpLoad.Percentile(median, 99):F1}{worst}");
    }

    /// <summary>Sessions that said EHLO and wait: what they cost in memory, and that the gateway still serves beside them.</summary>
    private async Task IdleSessionsAsync(GatewayProcess gateway, int sessions)
    {
        var before = ProcessStats.RssKb(gateway.ProcessId);
        var clients = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync("127.0.0.1", gateway.SmtpPort);
                clients.Add(client);
                var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
                await reader.ReadLineAsync();
                await client.GetStream().WriteAsync("EHLO idle.test\r\n"u8.ToArray());
                string? line;
                do line = await reader.ReadLineAsync();
                while (line is not null && line.Length > 3 && line[3] == '-');
            }
            GC.KeepAlive(clients);
            await Task.Delay(2000);
            var latencies = await SmtpLoad.LatenciesAsync(gateway.SmtpPort, 1, 10, 100, Encoding.ASCII.GetBytes("Subject: beside idle sessions\n\nhello\n"), SmtpRecipient);
            _memoryRows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {sessions} idle sessions (after EHLO) | open; a message beside them took {SmtpLoad.Percentile(latencies, 50):F1} ms | {ProcessStats.RssKb(gateway.ProcessId) / 1024} MB (before: {before / 1024} MB) |"));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>One signed-x400 message of <paramref name="size"/> octets of content: time and the gateway's peak RSS.</summary>
    private async Task LargeMessageAsync(GatewayProcess gateway, VerificationPki pki, int size)
    {
        // The test process holds the 200 MB in memory to build the file; only the gateway's memory is measured.
        var ipm = X400TestContent.Ipm("large", new string('L', size));
        var signed = await pki.SignAsync(ipm, pki.Rsa);
        ipm = null;
        var file = Path.Combine(_directory, "large.eml");
        await using (var writer = new StreamWriter(file, false, Encoding.ASCII))
        {
            await writer.WriteAsync("From: a@example.com\nTo: john.smith@x400.example\nSubject: large\nMIME-Version: 1.0\n"
                + "Content-Type: application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m\nContent-Transfer-Encoding: base64\n\n");
            for (var offset = 0; offset < signed.Length; offset += 57)
            {
                await writer.WriteAsync(Convert.ToBase64String(signed, offset, Math.Min(57, signed.Length - offset)));
                await writer.WriteAsync('\n');
            }
        }
        var octets = new FileInfo(file).Length;
        signed = null;
        GC.Collect();
        var run = await SmtpSourceAsync(gateway.SmtpPort, 1, 1, file, X400Recipient, gateway);
        var delivered = Directory.GetFiles(Path.Combine(gateway.DataDirectory, "x400", "out"));
        var result = delivered.Length == 1 ? string.Create(CultureInfo.InvariantCulture, $"relayed in {run.Elapsed.TotalSeconds:F1} s ({octets / 1e6 / run.Elapsed.TotalSeconds:F0} MB/s)")
            : $"not relayed: {gateway.AuditLines().LastOrDefault()?.RootElement.GetProperty("reason").GetString()}";
        _memoryRows.Add(string.Create(CultureInfo.InvariantCulture, $"| one {octets / 1_000_000} MB signed-x400 message | {result} | peak {run.PeakRssKb / 1024} MB |"));
        foreach (var f in delivered) File.Delete(f);
        File.Delete(file);
    }

    /// <summary>One signed-x400 .p1 file of <paramref name="size"/> octets of content dropped for X.400 → SMTP: time to the sink and peak RSS.</summary>
    private async Task LargeInboundAsync(GatewayProcess gateway, VerificationPki pki, int size)
    {
        Clean(gateway);
        var signed = await pki.SignAsync(X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), "large", new string('L', size)), pki.Rsa);
        var p1 = InboundP1.Cms(new OrName(pki.Rsa.X400Address!), "large@example.com", signed, X400Oids.EitSignedX400, "large");
        signed = null;
        ProcessStats.ResetPeak(gateway.ProcessId);
        var clock = Stopwatch.StartNew();
        await InboundP1.DropAsync(gateway, p1, "large");
        p1 = null;
        // Counted as files: the sink's parse of a 270 MB message on every poll would be the slowest part of the case.
        await Poll.UntilAsync(() => gateway.AuditLines().Count, n => n >= 1, TimeSpan.FromMinutes(3),
            _ => $"the large message was not dealt with:\n{gateway.Output}");
        var decision = gateway.AuditLines()[^1].RootElement;
        clock.Stop();
        _memoryRows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| one {size / 1_000_000} MB signed-x400 .p1 file, X.400 -> SMTP | {decision.GetProperty("action").GetString()} in {clock.Elapsed.TotalSeconds:F1} s ({(decision.TryGetProperty("signature", out var signature) ? signature.GetString() : "no")} signature) | peak {ProcessStats.PeakRssKb(gateway.ProcessId) / 1024} MB |"));
        Clean(gateway);
    }

    private static byte[] LfLines(byte[] crlf) => Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(crlf).Replace("\r\n", "\n", StringComparison.Ordinal));

    private static string BuildConfiguration() => new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "?";
}
