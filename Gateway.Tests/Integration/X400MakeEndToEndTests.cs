using Gateway.Cli;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Microsoft.Extensions.Configuration;
using MimeKit;
using MimeKit.Cryptography;

namespace Gateway.Tests.Integration;

/// <summary>
/// What an operator does to test a route: <c>x400 make … -o var/x400/in/</c> against the running gateway, and the
/// message arrives at a real Postfix.
/// </summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed class X400MakeEndToEndTests(OpenSslCms openssl, PostfixDownstreamFixture fixture) : IClassFixture<PostfixDownstreamFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _directory = TempDirectory.Create("make-e2e-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_made_urgent_signed_message_dropped_into_in_reaches_Postfix()
    {
        var content = await openssl.SignAsync(X400TestContent.Ipm("made for the route test", "hello"), "2.6.1.10.1");
        var contentPath = Path.Combine(_directory, "signed.p7m");
        await File.WriteAllBytesAsync(contentPath, content);
        var output = new StringWriter();
        const string Recipient = "route-test@example.com";
        // The gateway maps an RFC-822 domain-defined attribute on its own O/R address back to the SMTP mailbox.
        var to = $"/DD.RFC-822={Rfc2156Escaping.EncodePrintable(Recipient)}/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/";

        var code = await AdminCommands.RunAsync(
            ["x400", "make", "-f", "/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/", "-t", to, "-p", "urgent", "-o", fixture.InDirectory, contentPath],
            new ConfigurationBuilder().Build(), output, CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        var delivered = await Poll.UntilAsync(
            () => fixture.Postfix.MaildirMessages().Select(f => MimeMessage.Load(new MemoryStream(f))).FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == Recipient)),
            message => message is not null, Patience,
            _ => $"nothing for {Recipient} arrived in {Patience}; make said: {output}\ngateway log:\n{fixture.Gateway.Output}\npostfix log:\n{fixture.Postfix.MailLog()}");
        var part = Assert.IsType<ApplicationPkcs7Mime>(delivered!.Body);
        using var decoded = new MemoryStream();
        await part.Content!.DecodeToAsync(decoded);
        Assert.Equal(content, decoded.ToArray());
        Assert.Equal("signed-x400", part.ContentType.Parameters["smime-type"]);
        Assert.Equal("urgent", delivered.Headers[HeaderId.Priority]);
        Assert.Equal("4", delivered.Headers["MT-Priority"]);
        Assert.Empty(Directory.GetFiles(fixture.InDirectory));
    }
}
