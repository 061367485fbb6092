using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Certificates;
using Gateway.Tests.Integration.Load;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using MimeKit;
using Xunit.Abstractions;

namespace Gateway.Tests.Integration;

/// <summary>
/// Two gateways behind one Postfix, as an operator scales out: Postfix hands each message to one of two filter next hops
/// at random (a restriction class per gateway, chosen by <c>randmap:</c>, each a FILTER whose destination lists the other
/// gateway second, so Postfix falls over to it when the first does not answer), both gateways share one X.400 file drop
/// (Gateway:X400:DropDirectory) and one LDAP directory, and both re-inject into the same Postfix, which relays to one
/// sink. The load spreads over both; one killed with SIGKILL in the middle loses nothing: Postfix retries what it had in
/// flight at the survivor, and the survivor returns the dead one's claimed inbound files to in/ and delivers them.
/// </summary>
[Collection(LdapCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class TwoInstanceTests(LdapFixture ldap, ITestOutputHelper output)
{
    private const int MessagesPerPhase = 40;
    private const int FilesPerPhase = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_gateways_behind_one_Postfix_share_the_load_and_one_killed_loses_nothing()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var cancellationToken = hangGuard.Token;
        var drop = TempDirectory.Create("x400-drop-");
        try
        {
            await using var sink = await SmtpSink.StartAsync(cancellationToken);
            var (portA, portB, reinject) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            string Filter(int first, int second) =>
                string.Create(CultureInfo.InvariantCulture, $"check_client_access static:{{FILTER cms-x400-gateway:[127.0.0.1]:{first}, [127.0.0.1]:{second}}}");
            await using var postfix = await PostfixInstance.StartAsync(new PostfixOptions
            {
                FilterPort = portA,
                ReinjectPort = reinject,
                RelayPort = sink.Port,
                MainCf = new Dictionary<string, string>
                {
                    // The re-injection smtpd of master.cf.snippet empties smtpd_data_restrictions: no loop.
                    ["smtpd_restriction_classes"] = "gateway_a, gateway_b",
                    ["gateway_a"] = Filter(portA, portB),
                    ["gateway_b"] = Filter(portB, portA),
                    ["smtpd_data_restrictions"] = "check_client_access randmap:{gateway_a, gateway_b}",
                    ["minimal_backoff_time"] = "1s",
                    ["maximal_backoff_time"] = "2s",
                    ["queue_run_delay"] = "1s",
                },
            }, cancellationToken);
            Task<GatewayProcess> StartAsync(int port) => GatewayProcess.StartAsync(new GatewayProcessOptions
            {
                NextHopPort = reinject,
                SmtpPort = port,
                Settings = new Dictionary<string, string>
                {
                    ["Gateway:X400:DropDirectory"] = drop,
                    ["Gateway:X400:PollInterval"] = "00:00:00.2",
                    ["Gateway:Delivery:MaxRetryInterval"] = "00:00:02",
                    ["Gateway:Security:TrustAnchors:0"] = ldap.Pki.RootCertificatePath,
                    ["Gateway:Certificates:Ldap:Url"] = ldap.Slapd.Url,
                    ["Gateway:Certificates:Ldap:BaseDn"] = Slapd.BaseDn,
                },
            }, cancellationToken);
            await using var a = await StartAsync(portA);
            await using var b = await StartAsync(portB);

            var accepted = new Dictionary<string, LoadRoute>();
            var dropped = new List<string>();
            var signedTokens = new List<string>();
            async Task SendAsync(int phase, TimeSpan pause)
            {
                for (var i = 0; i < MessagesPerPhase; i++)
                {
                    var token = string.Create(CultureInfo.InvariantCulture, $"two{phase}-{i:D4}-");
                    // Every fourth signed without its certificate: only the shared directory can verify it.
                    var route = i % 4 == 3 ? LoadRoute.X400 : (LoadRoute)(i % 3);
                    var message = i % 4 == 3 ? await SignedAsync(token) : LoadMessages.Smtp(token, token.Replace("-", "", StringComparison.Ordinal), route);
                    await MtaClient.SendUntilAcceptedAsync(postfix.ListenPort, message, cancellationToken);
                    lock (accepted) accepted[token] = route;
                    if (i % 4 == 3) lock (signedTokens) signedTokens.Add(token);
                    await Task.Delay(pause, cancellationToken);
                }
            }
            async Task DropAsync(int phase)
            {
                for (var j = 0; j < FilesPerPhase; j++)
                {
                    var token = string.Create(CultureInfo.InvariantCulture, $"twoin{phase}-{j:D4}-");
                    await InboundP1.DropFileAsync(drop, MtsApduCodec.Encode(LoadMessages.Inbound(token, $"{token.Trim('-')}@example.com")), token.Trim('-'));
                    lock (dropped) dropped.Add(token);
                }
            }

            // Phase 1: both up.
            await Task.WhenAll(SendAsync(1, TimeSpan.Zero), DropAsync(1));
            var (x400, atSink) = await AllArrivedAsync(postfix, sink, drop, accepted, dropped, cancellationToken);
            var spread = (A: RelayedFromSmtp(a), B: RelayedFromSmtp(b));
            output.WriteLine("| phase | SMTP messages | .p1 files | relayed from Postfix by A | by B | X.400 files | duplicates in out/ | at the sink | duplicates at the sink |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| both up | {accepted.Count} | {dropped.Count} | {spread.A} | {spread.B} | {x400.Count} | {TokenCounts.Duplicates(x400)} | {sink.Messages().Count} | {TokenCounts.Duplicates(atSink)} |"));
            Assert.True(spread.A > 0 && spread.B > 0, $"Postfix gave {spread.A} messages to A and {spread.B} to B");
            Assert.Equal(accepted.Values.Sum(route => route == LoadRoute.Both ? 2 : 1), spread.A + spread.B); // one audit line per direction
            Assert.Equal(signedTokens.Count, Signed(a, b).Count(l => l.GetProperty("action").GetString() == "relayed"));

            // Phase 2: A killed once it has taken some of the new load; a file it had claimed is in its work directory.
            var sending = SendAsync(2, TimeSpan.FromMilliseconds(100));
            var dropping = DropAsync(2);
            await Poll.UntilAsync(() => RelayedFromSmtp(a), n => n > spread.A, Patience, n => $"A relayed {n}", cancellationToken);
            await a.KillAsync();
            var claimedToken = "twoclaimed-0000-";
            var deadWork = Path.Combine(drop, "work", $"{Environment.MachineName}-{a.ProcessId.ToString(CultureInfo.InvariantCulture)}");
            Directory.CreateDirectory(deadWork);
            var scratch = Path.Combine(drop, "tmp", "claimed.part");
            await File.WriteAllBytesAsync(scratch, MtsApduCodec.Encode(LoadMessages.Inbound(claimedToken, "claimed@example.com")), cancellationToken);
            File.Move(scratch, Path.Combine(deadWork, $"{claimedToken.Trim('-')}.p1"));
            lock (dropped) dropped.Add(claimedToken);
            await Task.WhenAll(sending, dropping);

            (x400, atSink) = await AllArrivedAsync(postfix, sink, drop, accepted, dropped, cancellationToken);
            var afterKill = (A: RelayedFromSmtp(a), B: RelayedFromSmtp(b));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| A killed | {accepted.Count} | {dropped.Count} | {afterKill.A} | {afterKill.B} | {x400.Count} | {TokenCounts.Duplicates(x400)} | {sink.Messages().Count} | {TokenCounts.Duplicates(atSink)} |"));

            Assert.Equal(accepted.Where(m => m.Value != LoadRoute.Smtp).Select(m => m.Key).Order(StringComparer.Ordinal), x400.Keys.Order(StringComparer.Ordinal));
            Assert.All(x400, file => Assert.Equal(1, file.Value)); // a retry through the other gateway rewrites the same file
            Assert.Equal(accepted.Where(m => m.Value != LoadRoute.X400).Select(m => m.Key).Concat(dropped).Order(StringComparer.Ordinal),
                atSink.Keys.Order(StringComparer.Ordinal));
            Assert.True(await postfix.QueueIsEmptyAsync(cancellationToken));
            // Messages the random choice still gave to A went on to B.
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"connect to 127.0.0.1[127.0.0.1]:{portA}: Connection refused"), postfix.MailLog(), StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(drop, "work"), "*", SearchOption.AllDirectories));
            Assert.False(Directory.Exists(deadWork));
            Assert.Empty(Directory.GetFiles(Path.Combine(drop, "failed")));
            var claimed = Assert.Single(b.AuditLines(), l => l.RootElement.GetProperty("id").GetString() == claimedToken.Trim('-')).RootElement;
            Assert.Equal("x400-to-smtp", claimed.GetProperty("direction").GetString());
            Assert.Equal("relayed", claimed.GetProperty("action").GetString());
            // The signed messages carried no certificate: each gateway that had one verified it through the shared directory.
            Assert.All(Signed(a, b), l => Assert.Equal("valid", l.GetProperty("signature").GetString()));
            Assert.All(Signed(a, b), l => Assert.Equal("relayed", l.GetProperty("action").GetString()));
        }
        finally
        {
            TempDirectory.Delete(drop);
        }
    }

    private async Task<MimeMessage> SignedAsync(string token)
    {
        var cms = await ldap.Pki.SignAsync(X400TestContent.IpmFrom(new OrName(ldap.Pki.Rsa.X400Address!), token, "signed, verified through LDAP"), ldap.Pki.Rsa,
            "-nocerts", "-keyid");
        using var wire = new MemoryStream(X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", cms));
        return await MimeMessage.LoadAsync(wire);
    }

    private static List<JsonElement> Signed(GatewayProcess a, GatewayProcess b) =>
        [.. a.AuditLines().Concat(b.AuditLines()).Select(l => l.RootElement).Where(l => l.GetProperty("kind").GetString() == "signed-x400")];

    /// <summary>Relayed messages that came from Postfix (SMTP), as the gateway's audit log counts them.</summary>
    private static int RelayedFromSmtp(GatewayProcess gateway) =>
        gateway.AuditLines().Count(l => l.RootElement.GetProperty("action").GetString() == "relayed"
            && l.RootElement.GetProperty("direction").GetString()!.StartsWith("smtp-to-", StringComparison.Ordinal));

    /// <summary>Waits until every accepted message and dropped file is where it must be, Postfix's queue is empty and in/ too.</summary>
    private static async Task<(Dictionary<string, int> X400, Dictionary<string, int> AtSink)> AllArrivedAsync(PostfixInstance postfix, SmtpSink sink,
        string drop, Dictionary<string, LoadRoute> accepted, List<string> dropped, CancellationToken cancellationToken)
    {
        (Dictionary<string, int> X400, Dictionary<string, int> AtSink) Probe() => (
            TokenCounts.Of(Directory.GetFiles(Path.Combine(drop, "out")).Select(File.ReadAllBytes), TokenPattern()),
            TokenCounts.Of(sink.Messages().Select(m => m.Data), TokenPattern()));
        List<string> Missing((Dictionary<string, int> X400, Dictionary<string, int> AtSink) seen) => Arrivals.Missing(accepted, dropped, seen.X400, seen.AtSink);
        var result = await Poll.UntilAsync(Probe, seen => Missing(seen).Count == 0 && Directory.GetFiles(Path.Combine(drop, "in")).Length == 0, Patience,
            seen => $"not arrived: {string.Join(", ", Missing(seen))}\n{postfix.MailLog()}", cancellationToken, TimeSpan.FromSeconds(1));
        // The originals leave Postfix's queue once the gateway's 250 for them is in, a moment after their copies arrived.
        for (var wait = 0; !await postfix.QueueIsEmptyAsync(cancellationToken); wait++)
        {
            if (wait == 600) throw new TimeoutException($"Postfix's queue is not empty\n{postfix.MailLog()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        return result;
    }

    [GeneratedRegex("two(in[12]|[12]|claimed)-[0-9]{4}-")]
    private static partial Regex TokenPattern();
}
