using System.Net;
using System.Text;
using Gateway.Tests.Integration.Peers;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// SMTP AUTH with real clients, swaks and MailKit, from 127.0.0.2 (outside the trusted 127.0.0.1/32): after STARTTLS (or on
/// the implicit-TLS listener) a good password lets the outsider relay (Received "with ESMTPSA", the user in the audit
/// record), a bad one gets 535.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SmtpAuthTests(UntrustedLoopbackGatewayFixture fixture) : IClassFixture<UntrustedLoopbackGatewayFixture>
{
    private const string User = UntrustedLoopbackGatewayFixture.User;
    private const string Password = UntrustedLoopbackGatewayFixture.Password;

    private static byte[] Message(string subject) => TestMessages.Crlf($"From: {User}\nTo: bob@other.example\nSubject: {subject}\n\nsubmitted\n");

    private static string[] FromOutsider(params string[] more) => ["--local-interface", "127.0.0.2", .. more];

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Swaks_authenticates_over_STARTTLS_from_the_outside_and_relays(string mechanism)
    {
        var subject = $"swaks {mechanism} {Guid.NewGuid():N}";
        var result = await Swaks.SendAsync(fixture.Port, User, ["bob@other.example"], Message(subject),
            FromOutsider("--tls", "--auth", mechanism, "--auth-user", User, "--auth-password", Password));

        Assert.True(result.DataReplyCode == 250, result.Transcript);
        Assert.Contains("\n<~  235 2.7.0 Authentication successful\n", result.Transcript.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        var delivered = await SinkInspection.WaitForAsync(fixture.Sink, subject);
        var text = Encoding.Latin1.GetString(delivered.Data).Replace("\r\n\t", " ", StringComparison.Ordinal);
        Assert.Matches(@"^Received: from swaks\.client\.test \(\[127\.0\.0\.2\]\) by cms-x400-gateway\.localdomain \(CMS-X\.400 Gateway\) with ESMTPSA id \w+ for <bob@other\.example>;", text);
        var audit = (await fixture.Gateway.WaitForAuditLinesAsync(1, TimeSpan.FromSeconds(60)))
            .Select(l => l.RootElement).Last(a => a.GetProperty("action").GetString() == "relayed" && a.GetProperty("from").GetString() == User);
        Assert.Equal(User, audit.GetProperty("authenticatedUser").GetString());
        Assert.StartsWith("127.0.0.2:", audit.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^TLSv1\.[23] ", audit.GetProperty("tls").GetString());
    }

    [Fact]
    public async Task Swaks_with_a_wrong_password_gets_535_and_cannot_relay()
    {
        var result = await Swaks.SendAsync(fixture.Port, User, ["bob@other.example"], Message("wrong"),
            FromOutsider("--tls", "--auth", "PLAIN", "--auth-user", User, "--auth-password", "not the password"));

        Assert.Equal(28, result.ExitCode); // swaks(1): "error authenticating"
        Assert.Equal("535 5.7.8 Error: authentication failed", result.ReplyTo("AUTH"));
    }

    [Fact]
    public async Task Swaks_in_clear_is_not_offered_AUTH()
    {
        var result = await Swaks.SendAsync(fixture.Port, User, ["bob@other.example"], Message("clear"),
            FromOutsider("--auth", "PLAIN", "--auth-user", User, "--auth-password", Password));

        Assert.Equal(28, result.ExitCode);
        Assert.DoesNotContain("AUTH", result.ReplyTo("EHLO"), StringComparison.Ordinal);
        Assert.Contains("*** Host did not advertise authentication", result.Transcript, StringComparison.Ordinal);
    }

    private SmtpClient MailKitClient() => new()
    {
        LocalEndPoint = new IPEndPoint(UntrustedLoopbackGatewayFixture.Outsider, 0),
        ServerCertificateValidationCallback = (_, _, _, _) => true,
        CheckCertificateRevocation = false,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MailKit_authenticates_over_TLS_from_the_outside_and_relays(bool implicitTls)
    {
        var subject = $"MailKit {implicitTls} {Guid.NewGuid():N}";
        using var client = MailKitClient();
        await client.ConnectAsync("127.0.0.1", implicitTls ? fixture.ImplicitTlsPort : fixture.Port,
            implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls);

        Assert.Equal(["PLAIN", "LOGIN"], client.AuthenticationMechanisms.Order(StringComparer.Ordinal).Reverse());
        await client.AuthenticateAsync(User, Password);
        Assert.True(client.IsAuthenticated);
        var message = new MimeMessage([new MailboxAddress("", User)], [new MailboxAddress("", "carol@far.example")], subject, new TextPart("plain") { Text = "via MailKit" });
        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        Assert.Matches(@"^2\.0\.0 Ok: \w+ from next hop: 2\.0\.0 ", reply);
        var delivered = await SinkInspection.WaitForAsync(fixture.Sink, subject);
        Assert.Equal(["carol@far.example"], delivered.Recipients);
        Assert.Contains(" with ESMTPSA id ", Encoding.Latin1.GetString(delivered.Data).Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailKit_with_a_wrong_password_is_refused_and_without_AUTH_cannot_relay()
    {
        using var client = MailKitClient();
        await client.ConnectAsync("127.0.0.1", fixture.Port, SecureSocketOptions.StartTls);

        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(User, "guess"));
        Assert.Equal("535: 5.7.8 Error: authentication failed", refused.Message);
        var message = new MimeMessage([new MailboxAddress("", User)], [new MailboxAddress("", "carol@far.example")], "no auth", new TextPart("plain") { Text = "x" });
        var relay = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));
        Assert.Equal((SmtpStatusCode.TransactionFailed, "5.7.1 <carol@far.example>: Relay access denied"), (relay.StatusCode, relay.Message));
    }

    [Fact]
    public async Task A_users_file_that_is_missing_or_has_a_bad_line_stops_the_daemon_naming_the_key()
    {
        var directory = TempDirectory.Create("auth-bad-users-");
        try
        {
            var badLine = Path.Combine(directory, "users");
            await File.WriteAllTextAsync(badLine, $"{User}:{Password}\n");
            foreach (var (file, problem) in new[] { (Path.Combine(directory, "missing"), $"'{Path.Combine(directory, "missing")}' does not exist"),
                (badLine, $"'{badLine}' line 1: the hash does not begin with $pbkdf2-sha256$") })
            {
                var result = await ProcessRunner.RunAsync("dotnet", [GatewayProcess.LocateAssembly(), $"--Gateway:Smtp:Auth:UsersFile={file}",
                    $"--Gateway:DataDirectory={Path.Combine(directory, "var")}"]);

                Assert.Equal(78, result.ExitCode);
                Assert.Equal(
                    "cms-x400-gateway: configuration error:\n"
                    + "  Gateway:Smtp:Auth:UsersFile: needs Gateway:Smtp:Tls:Certificate (AUTH is offered only after STARTTLS)\n"
                    + $"  Gateway:Smtp:Auth:UsersFile: {problem}\n", result.StandardError);
                Assert.DoesNotContain(Password, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
            }
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }
}
