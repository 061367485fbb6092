using System.Text;
using System.Text.RegularExpressions;
using Gateway.Tests.Integration.Peers;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// MailKit, an independent client, sends a raw DER CMS object with Content-Transfer-Encoding: binary: it must choose
/// BDAT with BODY=BINARYMIME (RFC 3030) because the gateway offers CHUNKING and BINARYMIME, and the X.400 side must
/// get exactly those bytes as the P1 content.
/// </summary>
[Collection(OpenSslCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class MailKitBinaryMimeTests(OpenSslCms openssl, GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Ipm88 = "2.6.1.10.1";
    private const string EitSignedX400 = "1.2.840.113549.1.9.16.10.6";

    [Fact]
    public async Task MailKit_sends_binary_signed_x400_with_BDAT_and_BINARYMIME_and_the_P1_content_is_the_exact_CMS_bytes()
    {
        var cms = await openssl.SignAsync(X400TestContent.Ipm("binary", "sent as BINARYMIME"), Ipm88);
        Assert.Contains((byte)0, cms); // raw DER: this could not travel in DATA
        var part = new MimePart("application", "pkcs7-mime")
        {
            Content = new MimeContent(new MemoryStream(cms)),
            ContentTransferEncoding = ContentEncoding.Binary,
        };
        part.ContentType.Parameters.Add("smime-type", "signed-x400");
        part.ContentType.Name = "smime.p7m";
        var message = new MimeMessage
        {
            Subject = "binary CMS",
            Body = part,
        };
        message.From.Add(MailboxAddress.Parse("alice@example.com"));
        message.To.Add(MailboxAddress.Parse("john.smith@x400.example"));
        var before = Directory.Exists(fixture.OutDirectory) ? Directory.GetFiles(fixture.OutDirectory).ToHashSet() : [];

        using var log = new MemoryStream();
        string reply;
        using (var client = new SmtpClient(new ProtocolLogger(log, leaveOpen: true)))
        {
            await client.ConnectAsync("127.0.0.1", fixture.Gateway.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Chunking) && client.Capabilities.HasFlag(SmtpCapabilities.BinaryMime));
            reply = await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        var transcript = Encoding.Latin1.GetString(log.ToArray());
        Assert.Matches(MailWithBinaryMime(), transcript);
        Assert.Matches(BdatLast(), transcript);
        Assert.DoesNotMatch(DataCommand(), transcript);
        Assert.StartsWith("2.0.0 Ok: ", reply, StringComparison.Ordinal);

        var p1Path = Assert.Single(Directory.GetFiles(fixture.OutDirectory), f => !before.Contains(f));
        var p1 = P1File.Read(await File.ReadAllBytesAsync(p1Path));
        Assert.Equal(cms, p1.Content);
        Assert.Equal([EitSignedX400], p1.ExtendedEits);
        var audit = fixture.Gateway.AuditLines()[^1].RootElement;
        Assert.Equal("signed-x400", audit.GetProperty("kind").GetString());
        Assert.Equal("relayed", audit.GetProperty("action").GetString());
    }

    [GeneratedRegex(@"(?m)^C: MAIL FROM:<alice@example\.com>[^\r\n]* BODY=BINARYMIME(?: |\r?$)")]
    private static partial Regex MailWithBinaryMime();

    [GeneratedRegex(@"(?m)^C: BDAT [0-9]+ LAST\r?$")]
    private static partial Regex BdatLast();

    [GeneratedRegex(@"(?m)^C: DATA\r?$")]
    private static partial Regex DataCommand();
}
