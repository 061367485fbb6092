using System.Text;
using System.Text.RegularExpressions;
using Gateway.Smtp;
using Gateway.Tests.Integration.Peers;
using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.Tests.Smtp.Client;

/// <summary>
/// A real Postfix as the next hop: it offers DSN, 8BITMIME, CHUNKING and (with smtputf8_enable) SMTPUTF8 but never
/// BINARYMIME. debug_peer_list makes it log every command it receives ("&lt; localhost[127.0.0.1]: MAIL FROM:...").
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmtpNextHopPostfixTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Task<PostfixInstance> StartPostfixAsync(CancellationToken cancellationToken) =>
        PostfixInstance.StartAsync(new PostfixOptions
        {
            MaildirDomains = ["far.test"],
            MainCf = new Dictionary<string, string> { ["smtputf8_enable"] = "yes", ["debug_peer_list"] = "127.0.0.1" },
        }, cancellationToken);

    [Fact]
    public async Task Postfix_takes_binary_content_re_encoded_to_base64_by_BDAT_with_the_same_octets()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var postfix = await StartPostfixAsync(hangGuard.Token);

        var result = await NextHops.To(postfix.ListenPort).SendAsync(ContentDowngradeTests.BinaryPkcs7Message(), "alice@origin.test",
            [new SmtpRecipient("bob@far.test")], new MailParameters(BodyType.BinaryMime), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        Assert.Matches(@"^2\.0\.0$", result.EnhancedCode);
        var stored = Assert.Single(await postfix.WaitForMaildirMessagesAsync(1, Patience, hangGuard.Token));
        var delivered = Assert.IsType<ApplicationPkcs7Mime>(MimeMessage.Load(new MemoryStream(stored)).Body);
        Assert.Equal(ContentEncoding.Base64, delivered.ContentTransferEncoding);
        Assert.Equal(ContentDowngradeTests.BinaryContent, ContentDowngradeTests.Decoded(delivered));
        var log = postfix.MailLog();
        Assert.Matches(new Regex(@"< localhost\[127\.0\.0\.1\]: MAIL FROM:<alice@origin\.test> SIZE=\d+$", RegexOptions.Multiline), log);
        Assert.Matches(new Regex(@"< localhost\[127\.0\.0\.1\]: BDAT \d+ LAST$", RegexOptions.Multiline), log);
        Assert.DoesNotContain("BINARYMIME", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postfix_takes_the_DSN_parameters_as_sent()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var postfix = await StartPostfixAsync(hangGuard.Token);

        var result = await NextHops.To(postfix.ListenPort).SendAsync(NextHops.EightBitText(), "alice@origin.test",
            [new SmtpRecipient("bob+tag@far.test", DsnNotify.Failure | DsnNotify.Delay, "rfc822", "bob+tag@far.test")],
            new MailParameters(BodyType.EightBitMime, Return: DsnReturn.Headers, EnvelopeId: "id=1"), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        await postfix.WaitForMaildirMessagesAsync(1, Patience, hangGuard.Token);
        var log = postfix.MailLog();
        Assert.Matches(new Regex(@": MAIL FROM:<alice@origin\.test> SIZE=\d+ BODY=8BITMIME ENVID=id\+3D1 RET=HDRS$", RegexOptions.Multiline), log);
        Assert.Contains(": RCPT TO:<bob+tag@far.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;bob+2Btag@far.test\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postfix_with_smtputf8_enable_takes_a_non_ASCII_sender_and_UTF8_headers_with_SMTPUTF8()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var postfix = await StartPostfixAsync(hangGuard.Token);
        var message = NextHops.Message("From: jörg@origin.test\nTo: bob@far.test\nSubject: Grüße\n\nbody\n");

        var result = await NextHops.To(postfix.ListenPort).SendAsync(message, "jörg@origin.test", [new SmtpRecipient("bob@far.test")],
            new MailParameters(SmtpUtf8: true), hangGuard.Token);

        Assert.True(result.Accepted, result.Reply);
        var stored = Assert.Single(await postfix.WaitForMaildirMessagesAsync(1, Patience, hangGuard.Token));
        Assert.Contains("Subject: Grüße", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Matches(new Regex(@": MAIL FROM:<jörg@origin\.test> SMTPUTF8 SIZE=\d+$", RegexOptions.Multiline), postfix.MailLog());
    }
}
