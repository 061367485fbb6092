using Gateway.Tests.Cms;
using System.Text.RegularExpressions;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// Hostile CMS objects as the body of signed-x400/enveloped-x400 messages to an X.400 recipient, all through one real
/// gateway: each gets exactly its reply at the final dot (expected-replies.tsv), an audit record that says the same,
/// no X.400 file unless the reply is 250, and then a good OpenSSL-signed message on the same session is relayed.
/// </summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed class HostileCmsTests(OpenSslCms openssl, GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Recipient = "someone@x400.example";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly ExpectedOutcomes Expected = ExpectedOutcomes.Load("Cms", "expected-replies.tsv");
    private const string Relayed = "{queue} X.400 message {message}";
    private static byte[]? _good;

    public static TheoryData<string> Names => new(HostileCmsCorpus.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_CMS_object_gets_its_exact_reply_and_the_next_message_is_relayed(string name)
    {
        var hostile = HostileCmsCorpus.Cases[name];
        _good ??= await openssl.SignAsync(X400TestContent.Ipm("after the corpus", "good"), CmsOids.Ipm88);
        var audits = fixture.Gateway.AuditLines().Count;
        var before = Directory.GetFiles(fixture.OutDirectory);

        await using var wire = await SmtpWire.HelloAsync(fixture.Gateway.SmtpPort);
        var reply = await SendAsync(wire, $"application/pkcs7-mime; smime-type={hostile.SmimeType}; name=smime.p7m", hostile.Body);

        var (expected, reasonTail) = Expected.For(name, reply).Split('\t') is [var r, var t] ? (r, t) : (Expected.For(name, reply), "");
        var audit = (await fixture.Gateway.WaitForAuditLinesAsync(audits + 1, Patience))[^1].RootElement;
        if (expected.Contains(Relayed, StringComparison.Ordinal))
        {
            var added = Assert.Single(Directory.GetFiles(fixture.OutDirectory).Except(before));
            var message = Path.GetFileNameWithoutExtension(added);
            Assert.Matches($"^{Regex.Escape(expected.Replace(Relayed, "", StringComparison.Ordinal))}[0-9A-F]+ X\\.400 message {message}$", reply);
            Assert.Equal("relayed", audit.GetProperty("action").GetString());
            Assert.Equal($"X.400 message {message}{reasonTail}", audit.GetProperty("reason").GetString());
        }
        else
        {
            Assert.Equal(expected, reply);
            Assert.Equal("rejected", audit.GetProperty("action").GetString());
            Assert.Equal(reply, audit.GetProperty("reason").GetString());
            Assert.Equal(before, Directory.GetFiles(fixture.OutDirectory));
        }

        Assert.StartsWith("250 2.0.0 ", await SendAsync(wire, "application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", _good), StringComparison.Ordinal);
        (await wire.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT after the corpus case");
    }

    [Fact]
    public void Every_expected_reply_belongs_to_a_case() =>
        Assert.Empty(Expected.Names.Except(HostileCmsCorpus.Cases.Keys));

    private static async Task<string> SendAsync(SmtpWire wire, string contentType, byte[] body)
    {
        (await wire.CommandAsync("MAIL FROM:<alice@example.com>")).Expect("250 2.1.0", "MAIL");
        (await wire.CommandAsync($"RCPT TO:<{Recipient}>")).Expect("250 2.1.5", "RCPT");
        (await wire.CommandAsync("DATA")).Expect("354", "DATA");
        await wire.SendAsync([.. X400TestContent.Wrapped(contentType, body, to: Recipient), .. ".\r\n"u8]);
        return (await wire.ReadReplyAsync()).ToString();
    }
}
