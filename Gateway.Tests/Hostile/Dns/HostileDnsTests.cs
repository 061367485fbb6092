using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gateway.Tests.Hostile.Cms;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Hostile.Dns;

/// <summary>
/// Hostile SPF, DKIM and DMARC records from a real DNS server: each case's message, sent as Postfix would hand it over
/// (XFORWARD), gets exactly the reply and the Authentication-Results the expected-results.tsv gives, and then a message
/// from a sender with good records is relayed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileDnsTests(HostileDnsFixture fixture) : IClassFixture<HostileDnsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ExpectedOutcomes Expected = ExpectedOutcomes.Load("Dns", "expected-results.tsv");

    public static TheoryData<string> Names => new(HostileDnsCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_record_gets_its_exact_result_and_the_gateway_goes_on(string name)
    {
        var (domain, signed) = HostileDnsCorpus.Cases[name];

        var outcome = await SendAsync(HostileDnsCorpus.Client, domain, signed);

        Assert.Equal(Expected.For(name, outcome), outcome);
        Assert.Equal("250 2.0.0 | spf=pass smtp.mailfrom=a@good.h.test; spf=none smtp.helo=mail.h.test; dkim=none; dmarc=pass (p=reject dis=none) header.from=good.h.test",
            await SendAsync("192.0.2.5", "good.h.test", signed: false));
    }

    [Fact]
    public void Every_expected_result_belongs_to_a_case() =>
        Assert.Empty(Expected.Names.Except(HostileDnsCorpus.Cases.Keys));

    /// <summary>"reply" when refused; "250 2.0.0 | the gateway's Authentication-Results" when relayed.</summary>
    private async Task<string> SendAsync(string client, string domain, bool signed)
    {
        var delivered = fixture.Sink.Messages().Count;
        var marker = Guid.NewGuid().ToString("N");
        const string body = "hello\r\n";
        var headers = $"From: a@{domain}\r\nTo: bob@far.example\r\nSubject: {marker}\r\nMessage-ID: <{marker}@h.test>\r\nDate: Sun, 06 Dec 2026 04:00:00 +0000\r\n";
        if (signed)
        {
            // The body hash is right and the signature is not: what the key record says decides the result before the signature does.
            var bh = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(body)));
            headers = $"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=sel; h=from:to:subject; bh={bh}; b=AAAA\r\n" + headers;
        }
        await using var wire = await SmtpWire.HelloAsync(fixture.Gateway.SmtpPort);
        (await wire.CommandAsync($"XFORWARD ADDR={client} HELO=mail.h.test")).Expect("250 2.0.0", "XFORWARD");
        (await wire.CommandAsync($"MAIL FROM:<a@{domain}>")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync("RCPT TO:<bob@far.example>")).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        await wire.SendAsync(headers + "\r\n" + body + ".\r\n");
        var reply = (await wire.ReadReplyAsync()).ToString();
        if (!reply.StartsWith("250 ", StringComparison.Ordinal)) return reply;

        var message = (await fixture.Sink.WaitForMessagesAsync(delivered + 1, Patience)).Single(m => Encoding.Latin1.GetString(m.Data).Contains(marker, StringComparison.Ordinal));
        var parsed = MimeKit.MimeMessage.Load(new MemoryStream(message.Data));
        var results = parsed.Headers.First(h => h.Field == "Authentication-Results").Value;
        var value = Regex.Replace(results, @"\s+", " ").Trim();
        return $"250 2.0.0 | {value[(value.IndexOf(';', StringComparison.Ordinal) + 2)..]}";
    }
}
