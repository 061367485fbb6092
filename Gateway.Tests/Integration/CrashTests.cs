using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MailKit.Net.Smtp;
using MimeKit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// Crash safety under load: mixed messages in both directions (SMTP clients that retry until they get 250, as an MTA
/// does, plus `.p1` files dropped into in/, plus smtp-source as background load) while the gateway is killed with
/// SIGKILL at random moments and restarted. Afterwards every message that got a 250 and every dropped file has arrived
/// (X.400 side: out/; SMTP side: the sink), nothing is left in work/, and duplicates are counted and reported.
/// Sizes from CRASH_MESSAGES (default 1000) and CRASH_KILLS (default 10); the seed is printed so a run can be repeated.
/// </summary>
[Trait("Category", "Integration")]
[Trait("Category", "Crash")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Nothing_accepted_is_lost_across_repeated_SIGKILLs()
    {
        var total = Setting("CRASH_MESSAGES", 1000);
        var kills = Setting("CRASH_KILLS", 10);
        var seed = Setting("CRASH_SEED", Environment.TickCount & 0x7FFFFFFF);
        var random = new Random(seed);
        var dropped = total / 5; // .p1 files from the X.400 side
        var sent = total - dropped; // SMTP transactions: X.400 only, SMTP only, or both

        await using var sink = await SmtpSink.StartAsync();
        var work = TempDirectory.Create("crash-");
        var smtpPort = FreePort.Next();
        var httpPort = FreePort.Next();
        GatewayProcess? gateway = null;
        Task<GatewayProcess> StartAsync() => GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = sink.Port, SmtpPort = smtpPort, HttpPort = httpPort, WorkingDirectory = work,
            Settings = new Dictionary<string, string> { ["Gateway:X400:PollInterval"] = "00:00:00.2", ["Gateway:Delivery:MaxRetryInterval"] = "00:00:02" },
        });
        try
        {
            gateway = await StartAsync();
            var data = gateway.DataDirectory;
            var accepted = new ConcurrentDictionary<int, int>(); // message number → its kind
            var replies250 = 0;
            using var stop = new CancellationTokenSource();

            var senders = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = worker; i < sent; i += 4)
                {
                    var kind = i % 3;
                    var message = Message(i, kind); // the same octets on every attempt, as an MTA's queue file
                    while (!await TrySendAsync(smtpPort, message))
                    {
                        await Task.Delay(100);
                    }
                    accepted[i] = kind;
                    Interlocked.Increment(ref replies250);
                }
            })).ToList();
            var dropper = Task.Run(async () =>
            {
                for (var j = 0; j < dropped; j++)
                {
                    await DropAsync(data, j);
                    await Task.Delay(random.Next(5, 25));
                }
            });
            var background = SmtpSourceAsync(smtpPort, stop.Token);

            for (var k = 0; k < kills; k++)
            {
                await Task.Delay(random.Next(300, 1500));
                await gateway.KillAsync();
                await gateway.DisposeAsync();
                gateway = await StartAsync();
            }
            await Task.WhenAll(senders);
            await dropper;
            await stop.CancelAsync();
            await background;

            // Every SMTP-accepted X.400 part is in out/; every SMTP part and every dropped file reached the sink.
            var sinkCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            var outbox = Path.Combine(data, "x400", "out");
            bool Complete()
            {
                sinkCounts = Tokens(sink.Messages().Select(m => m.Data));
                var x400 = Tokens(Directory.GetFiles(outbox).Select(File.ReadAllBytes));
                return accepted.All(a => (a.Value == 1 || x400.ContainsKey(Token(a.Key))) && (a.Value == 0 || sinkCounts.ContainsKey(Token(a.Key))))
                    && Enumerable.Range(0, dropped).All(j => sinkCounts.ContainsKey(InboundToken(j)))
                    && Directory.GetFiles(Path.Combine(data, "x400", "in")).Length == 0;
            }
            await Poll.UntilAsync(Complete, done => done, Patience, _ => Missing(accepted, dropped, sinkCounts, Tokens(Directory.GetFiles(outbox).Select(File.ReadAllBytes))));

            var workLeft = Directory.EnumerateFiles(Path.Combine(data, "x400", "work"), "*", SearchOption.AllDirectories).ToList();
            var failed = Directory.GetFiles(Path.Combine(data, "x400", "failed"));
            var duplicates = sinkCounts.Values.Sum(c => c - 1);
            var x400Duplicates = Tokens(Directory.GetFiles(outbox).Select(File.ReadAllBytes)).Values.Sum(c => c - 1);
            output.WriteLine("| seed | kills | SMTP transactions (250) | .p1 dropped | X.400 files in out/ | duplicates in out/ | messages at the sink | duplicates at the sink | left in work/ | failed |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seed} | {kills} | {replies250} | {dropped} | {Directory.GetFiles(outbox).Length} | {x400Duplicates} | {sink.Messages().Count} | {duplicates} | {workLeft.Count} | {failed.Length} |"));
            Assert.Equal(sent, replies250);
            Assert.Empty(workLeft);
            Assert.Empty(failed);
            Assert.Equal(0, x400Duplicates); // a retried transaction is the same file
            // A duplicate needs a kill between the sink's 250 and the gateway's own acknowledgement: at most one per
            // transaction in flight at each kill (4 senders and the inbound direction).
            Assert.InRange(duplicates, 0, kills * 5);
        }
        finally
        {
            if (gateway is not null) await gateway.DisposeAsync();
            TempDirectory.Delete(work);
        }
    }

    private static string Token(int i) => string.Create(CultureInfo.InvariantCulture, $"crash-{i:D5}-");

    private static string InboundToken(int j) => string.Create(CultureInfo.InvariantCulture, $"inbound-{j:D5}-");

    /// <summary>How often each token occurs, one count per message or file that holds it.</summary>
    private static Dictionary<string, int> Tokens(IEnumerable<byte[]> items)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var text = Encoding.Latin1.GetString(item);
            foreach (var token in System.Text.RegularExpressions.Regex.Matches(text, "(crash|inbound)-[0-9]{5}-").Select(m => m.Value).Distinct())
            {
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        }
        return counts;
    }

    private static string Missing(ConcurrentDictionary<int, int> accepted, int dropped, Dictionary<string, int> sink, Dictionary<string, int> x400)
    {
        var lost = accepted.Where(a => (a.Value != 1 && !x400.ContainsKey(Token(a.Key))) || (a.Value != 0 && !sink.ContainsKey(Token(a.Key))))
            .Select(a => Token(a.Key)).Concat(Enumerable.Range(0, dropped).Select(InboundToken).Where(t => !sink.ContainsKey(t))).Take(20);
        return $"not arrived (first 20): {string.Join(", ", lost)}";
    }

    private static MimeMessage Message(int i, int kind)
    {
        var token = Token(i);
        var message = new MimeMessage { Date = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse("alice@example.com"));
        message.Subject = token;
        message.MessageId = $"{token}@crash.test";
        if (kind != 1) message.To.Add(MailboxAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"crash{i}@x400.example")));
        if (kind != 0) message.To.Add(MailboxAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"r{i}@far.example")));
        var part = new MimePart("application", "x400-content")
        {
            Content = new MimeContent(new MemoryStream(X400TestContent.Ipm(token, "crash test"))),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        part.ContentType.Parameters.Add("content-type", "22");
        message.Body = part;
        return message;
    }

    /// <summary>One attempt, as an MTA makes it; true only on 250 (a 4xx, a refused connection or a cut one: try again).</summary>
    private static async Task<bool> TrySendAsync(int port, MimeMessage message)
    {
        using var client = new SmtpClient { Timeout = 10_000 };
        try
        {
            await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.DisconnectAsync(true);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
                                      or MailKit.ServiceNotConnectedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A .p1 from the X.400 side for an SMTP mailbox, written in tmp/ and renamed into in/ as an MTA must.</summary>
    private static async Task DropAsync(string data, int j)
    {
        var token = InboundToken(j);
        var p1 = InboundP1.Message(new OrName(OrAddress.Parse("/S=Sender/O=Acme/PRMD=Acme/ADMD= /C=GB/")), string.Create(CultureInfo.InvariantCulture, $"in{j}@example.com"),
            X400TestContent.Ipm(token, "from X.400"), X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility, token.TrimEnd('-'));
        var scratch = Path.Combine(data, "x400", "tmp", $"{token}part");
        await File.WriteAllBytesAsync(scratch, MtsApduCodec.Encode(p1));
        File.Move(scratch, Path.Combine(data, "x400", "in", $"{token.TrimEnd('-')}.p1"));
    }

    /// <summary>Postfix's smtp-source as extra load through the crashes (not accounted: it does not say which message got 250).</summary>
    private static async Task SmtpSourceAsync(int port, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await ProcessRunner.RunAsync("/usr/sbin/smtp-source",
                ["-s", "2", "-m", "20", "-f", "load@example.com", "-t", "load@far.example", string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}")],
                timeout: TimeSpan.FromSeconds(20));
            try
            {
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
