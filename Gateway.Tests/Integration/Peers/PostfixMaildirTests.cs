using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gateway.Tests.Integration.Peers;

[Trait("Category", "Integration")]
public sealed class PostfixMaildirTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Delivers_a_MailKit_message_into_the_maildir()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var cancellationToken = hangGuard.Token;
        await using var postfix = await PostfixInstance.StartAsync(
            new PostfixOptions { MaildirDomains = ["deliver.test", "second.test"] },
            cancellationToken);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Alice", "alice@origin.test"));
        message.To.Add(new MailboxAddress("Dave", "dave@deliver.test"));
        message.To.Add(new MailboxAddress("Erin", "erin@second.test"));
        message.Subject = "maildir check";
        message.MessageId = "maildir-check@origin.test";
        message.Body = new TextPart("plain") { Text = "Hello from MailKit.\r\n.dot line\r\nLast line.\r\n" };
        using var sent = new MemoryStream();
        await message.WriteToAsync(FormatOptions.Default.Clone(), sent, cancellationToken);

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", postfix.ListenPort, SecureSocketOptions.None, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }

        var delivered = await postfix.WaitForMaildirMessagesAsync(2, Patience, cancellationToken);
        Assert.Equal(2, delivered.Count);
        var deliveredTo = delivered
            .Select(TestMessages.Headers)
            .Select(headers => headers.Split('\n').Single(line => line.StartsWith("Delivered-To: ", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Delivered-To: dave@deliver.test", "Delivered-To: erin@second.test" }, deliveredTo);

        // Postfix stores lines with LF ends; what was sent with CRLF must come back otherwise unchanged.
        var sentBody = Encoding.UTF8.GetString(TestMessages.Body(sent.ToArray())).Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var file in delivered)
        {
            Assert.Equal(sentBody, Encoding.UTF8.GetString(TestMessages.Body(file)));
            var parsed = await MimeMessage.LoadAsync(new MemoryStream(file), cancellationToken);
            Assert.Equal("maildir check", parsed.Subject);
            Assert.Equal("maildir-check@origin.test", parsed.MessageId);
        }
    }
}
