using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Load;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration.Soak;

/// <summary>
/// The gateway for SOAK_MINUTES (default 3; integration/soak/run.sh runs 30) under mixed load — x400-content and
/// signed-x400 to X.400, pass-through to SMTP, mixed recipients, <c>.p1</c> files from the X.400 side, malformed messages
/// and files that must be refused, several clients at once — while its next hop (smtp-sink) is killed and started again
/// every 20–40 s. Its resources are sampled each minute; afterwards they must not have grown with the traffic, and every
/// message that got a 250 and every dropped file must have arrived: X.400 side exactly once, SMTP side at least once
/// (duplicates are printed: a next hop killed between its 250 and the gateway reading it makes one).
/// SOAK_SEED repeats a run's flapping and traffic mix.
/// </summary>
[Collection(VerificationCollection.Name)]
[Trait("Category", "Integration")]
[Trait("Category", "Soak")]
public sealed partial class SoakTests(VerificationPki pki, ITestOutputHelper output)
{
    // Tolerances, generous on purpose: they catch what grows with the number of messages (a descriptor, socket, thread or
    // mapping per message or per next-hop outage; memory never given back), not the noise of a runtime at work.
    // Idle after the load: sockets back to the listeners of idle before it, give or take a connection (cached next-hop
    // connections close after Delivery:ConnectionCacheTime, 2 s); other descriptors (mostly assemblies, opened once, on
    // first use) back to what the warm first minute had, give or take a few loaded later (first outage, first refusal).
    private const int SocketSlack = 2;
    private const int FileSlack = 16;
    // The thread pool injects threads under load and lets them go after 20 s idle; timers and the runtime's own may stay.
    private const int ThreadSlack = 8;
    // Under load, each minute after the first against the first: transactions in flight come and go with the clients and
    // the flapping, a leak of one per message would be thousands.
    private const int LoadDescriptorSlack = 200;
    private const int LoadThreadSlack = 40;
    private const int LoadMappingSlack = 200;
    // Resident memory of the last minute against the second (the first is warm-up: JIT, caches, GC heap growth).
    private const double RssGrowth = 1.5;

    private const string MalformedReply = "554 5.6.0 Malformed x400-content: content-type=22.x is not an integer nor a dotted OID (RFC 3854 section 3.5)";
    private static readonly byte[] BrokenFile = "this is not BER"u8.ToArray();
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Under_mixed_load_with_a_flapping_next_hop_resources_stay_flat_and_nothing_is_lost()
    {
        var minutes = Math.Max(3, Setting("SOAK_MINUTES", 3)); // a first minute of warm-up, a second to compare the last with
        var seed = Setting("SOAK_SEED", Environment.TickCount & 0x7FFFFFFF);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {minutes} minutes, seed {seed}"));
        var whyBroken = $"cannot decode the MTS-APDU: {Assert.Throws<X400DecodeException>(() => MtsApduCodec.DecodeApdu(BrokenFile)).Message}\n";

        await using var sink = await SmtpSink.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = sink.Port,
            Settings = new Dictionary<string, string>
            {
                ["Gateway:Security:TrustAnchors:0"] = pki.RootCertificatePath,
                ["Gateway:X400:PollInterval"] = "00:00:00.2",
                ["Gateway:Delivery:MaxRetryInterval"] = "00:00:02",
            },
        });
        var drop = Path.Combine(gateway.DataDirectory, "x400");
        var samples = new List<ResourceSample> { ResourceSample.Take(gateway.ProcessId, "idle, before the load") };

        var accepted = new ConcurrentDictionary<string, LoadRoute>(); // token → where it goes; only after a 250
        var signed = 0;
        var dropped = new ConcurrentBag<string>();
        var refusedSmtp = 0;
        var broken = new ConcurrentBag<string>();
        var wrongReplies = new ConcurrentBag<string>();
        var attempts = 0;
        var flaps = 0;
        var counter = 0;
        string NextToken(string kind) => string.Create(CultureInfo.InvariantCulture, $"soak{kind}-{Interlocked.Increment(ref counter):D6}-");

        using var load = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(minutes) + (3 * Patience));
        var started = DateTime.UtcNow;

        // Each worker repeats its step with pauses until the load ends; a step under way is finished (an MTA does not
        // give up a message because the test wants to stop).
        Task Repeat(int worker, int fromMs, int toMs, Func<Task> step) => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            while (!load.IsCancellationRequested)
            {
                await step();
                try
                {
                    await Task.Delay(random.Next(fromMs, toMs), load.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        async Task SendAsync(string token, MimeMessage message, LoadRoute route)
        {
            Interlocked.Add(ref attempts, await MtaClient.SendUntilAcceptedAsync(gateway.SmtpPort, message, hangGuard.Token));
            accepted[token] = route;
        }

        var routes = new Random(seed);
        var workers = new List<Task>();
        for (var w = 0; w < 3; w++)
        {
            workers.Add(Repeat(w, 20, 200, () =>
            {
                var token = NextToken("");
                LoadRoute route;
                lock (routes) route = (LoadRoute)routes.Next(3);
                return SendAsync(token, LoadMessages.Smtp(token, token.Replace("-", "", StringComparison.Ordinal), route), route);
            }));
        }
        workers.Add(Repeat(3, 100, 500, async () =>
        {
            var token = NextToken("sig");
            var cms = await pki.SignAsync(X400TestContent.IpmFrom(new OrName(pki.Rsa.X400Address!), token, "signed soak"), pki.Rsa);
            using var wire = new MemoryStream(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms));
            await SendAsync(token, await MimeMessage.LoadAsync(wire), LoadRoute.X400);
            Interlocked.Increment(ref signed);
        }));
        workers.Add(Repeat(4, 50, 300, async () =>
        {
            var token = NextToken("in");
            var name = token.Trim('-');
            await InboundP1.DropFileAsync(drop, MtsApduCodec.Encode(LoadMessages.Inbound(token, $"{name}@example.com")), name);
            dropped.Add(token);
        }));
        workers.Add(Repeat(5, 1000, 3000, async () =>
        {
            var bad = NextToken("bad").Trim('-');
            if (bad[^1] % 2 == 0)
            {
                await InboundP1.DropFileAsync(drop, BrokenFile, bad);
                broken.Add(bad);
                return;
            }
            var result = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
                X400TestContent.Wrapped("application/x400-content; content-type=22.x", [], encodedBody: "MAMCAQA=\r\n"), cancellationToken: hangGuard.Token);
            if (result.DataReply == MalformedReply) Interlocked.Increment(ref refusedSmtp);
            else wrongReplies.Add($"{bad}: {result.DataReply ?? result.Transcript}");
        }));
        var flapper = Task.Run(async () =>
        {
            var random = new Random(seed - 1);
            while (true)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(random.Next(20, 41)), load.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                await sink.InterruptAsync();
                Interlocked.Increment(ref flaps);
                await Task.Delay(TimeSpan.FromSeconds(random.Next(3, 9)), hangGuard.Token);
                await sink.StartAgainAsync(hangGuard.Token);
            }
        });
        var sampler = Task.Run(async () =>
        {
            for (var minute = 1; minute <= minutes; minute++)
            {
                var due = started.AddMinutes(minute) - DateTime.UtcNow;
                if (due > TimeSpan.Zero) await Task.Delay(due, hangGuard.Token);
                samples.Add(ResourceSample.Take(gateway.ProcessId, string.Create(CultureInfo.InvariantCulture, $"minute {minute}, under load")));
            }
        });

        await Task.WhenAll(workers.Append(flapper).Append(sampler));

        // Everything accepted arrives once the next hop stays up.
        var outbox = Path.Combine(drop, "out");
        var failedDirectory = Path.Combine(drop, "failed");
        Dictionary<string, int> x400 = [], atSink = [];
        bool Complete()
        {
            x400 = TokenCounts.Of(Directory.GetFiles(outbox).Select(File.ReadAllBytes), TokenPattern());
            atSink = TokenCounts.Of(sink.Messages().Select(m => m.Data), TokenPattern());
            return Arrivals.Missing(accepted, dropped, x400, atSink).Count == 0
                && Directory.GetFiles(Path.Combine(drop, "in")).Length == 0
                && Directory.GetFiles(failedDirectory).Length == 2 * broken.Count;
        }
        await Poll.UntilAsync(Complete, done => done, Patience,
            _ => $"not arrived (first 20): {string.Join(", ", Arrivals.Missing(accepted, dropped, x400, atSink).Take(20))}\n{gateway.Output}",
            hangGuard.Token, TimeSpan.FromSeconds(2));
        samples.Add(ResourceSample.Take(gateway.ProcessId, "all arrived"));

        // Once idle, what the load used is given back (cached next-hop connections close after ConnectionCacheTime,
        // pool threads after their idle timeout): wait for that, bounded; the assertions below say what was missing.
        var baseline = samples[0];
        var firstMinute = samples[1];
        bool Settled(ResourceSample s) => s.Sockets <= baseline.Sockets + SocketSlack
            && s.Descriptors - s.Sockets <= firstMinute.Descriptors - firstMinute.Sockets + FileSlack && s.Threads <= baseline.Threads + ThreadSlack;
        ResourceSample idle;
        try
        {
            idle = await Poll.UntilAsync(() => ResourceSample.Take(gateway.ProcessId, "idle, after the load"), Settled, TimeSpan.FromMinutes(2),
                s => s.Row, hangGuard.Token, TimeSpan.FromSeconds(1));
        }
        catch (TimeoutException)
        {
            idle = ResourceSample.Take(gateway.ProcessId, "idle, after the load (not settled)");
        }
        samples.Add(idle);

        var workLeft = Directory.EnumerateFiles(Path.Combine(drop, "work"), "*", SearchOption.AllDirectories).ToList();
        var failed = Directory.GetFiles(failedDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        output.WriteLine(ResourceSample.Header);
        foreach (var sample in samples) output.WriteLine(sample.Row);
        output.WriteLine("");
        output.WriteLine("| seed | minutes | next-hop outages | SMTP 250s (of which signed) | SMTP attempts | .p1 dropped | refused (SMTP / .p1) | X.400 files in out/ | duplicates in out/ | messages at the sink | duplicates at the sink | left in work/ | in failed/ |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {seed} | {minutes} | {flaps} | {accepted.Count} ({signed}) | {attempts} | {dropped.Count} | {refusedSmtp} / {broken.Count} | {Directory.GetFiles(outbox).Length} | {TokenCounts.Duplicates(x400)} | {sink.Messages().Count} | {TokenCounts.Duplicates(atSink)} | {workLeft.Count} | {failed.Count} |"));

        // Nothing lost, nothing extra, the refused refused.
        Assert.Empty(wrongReplies);
        Assert.Empty(Arrivals.Missing(accepted, dropped, x400, atSink));
        Assert.Equal(accepted.Where(a => a.Value != LoadRoute.Smtp).Select(a => a.Key).Order(StringComparer.Ordinal), x400.Keys.Order(StringComparer.Ordinal));
        Assert.All(x400, file => Assert.Equal(1, file.Value)); // exactly once: a retried transaction rewrites the same file
        Assert.Equal(accepted.Where(a => a.Value != LoadRoute.X400).Select(a => a.Key).Concat(dropped).Order(StringComparer.Ordinal),
            atSink.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(workLeft);
        Assert.Equal(broken.SelectMany(b => new[] { $"{b}.p1", $"{b}.why" }).Order(StringComparer.Ordinal), failed);
        Assert.All(broken, b => Assert.Equal(whyBroken, File.ReadAllText(Path.Combine(failedDirectory, $"{b}.why"))));
        Assert.True(flaps >= minutes - 1, $"only {flaps} next-hop outages in {minutes} minutes");

        // Flat: under load after the warm-up minute, and back to the idle level once the load is over.
        foreach (var minute in samples.Skip(2).Take(minutes - 1))
        {
            Assert.InRange(minute.Descriptors, 0, firstMinute.Descriptors + LoadDescriptorSlack);
            Assert.InRange(minute.Threads, 0, firstMinute.Threads + LoadThreadSlack);
            Assert.InRange(minute.Mappings, 0, firstMinute.Mappings + LoadMappingSlack);
        }
        Assert.InRange(samples[minutes].RssKiB, 0, (long)(RssGrowth * samples[2].RssKiB));
        Assert.InRange(idle.Sockets, 0, baseline.Sockets + SocketSlack);
        Assert.InRange(idle.Descriptors - idle.Sockets, 0, firstMinute.Descriptors - firstMinute.Sockets + FileSlack);
        Assert.InRange(idle.Threads, 0, baseline.Threads + ThreadSlack);
    }

    [GeneratedRegex("soak(sig|in|bad)?-[0-9]{6}-")]
    private static partial Regex TokenPattern();
}
