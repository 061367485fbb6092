using System.Text;
using Gateway.Smtp.Auth;
using Gateway.Tests.Smtp.Conformance;
using Gateway.Tests.Smtp.Tls;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Smtp.Auth;

/// <summary>SMTP AUTH in the session (RFC 4954, PLAIN per RFC 4616, LOGIN): offered and accepted only inside TLS, every reply exact.</summary>
public sealed class SmtpSessionAuthTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private const string WrongPassword = "Tr0ub4dor&3";

    private static readonly SmtpUsers Users = new(new Dictionary<string, PasswordHash>
    {
        ["alice"] = PasswordHash.Create(Password, PasswordHash.MinimumIterations),
    });

    private static readonly string[] EhloBeforeTls =
        ["250-gw.test", "250-PIPELINING", "250-SIZE 100000", "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING", "250-STARTTLS", "250-ENHANCEDSTATUSCODES",
         "250-DSN", "250-SMTPUTF8", "250 MT-PRIORITY MIXER"];

    private static readonly string[] EhloInsideTls =
        ["250-gw.test", "250-PIPELINING", "250-SIZE 100000", "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING", "250-AUTH PLAIN LOGIN",
         "250-ENHANCEDSTATUSCODES", "250-DSN", "250-SMTPUTF8", "250 MT-PRIORITY MIXER"];

    private readonly ConformanceCertificate _certificate = new();

    public void Dispose() => _certificate.Dispose();

    private TlsSessionClient Client(SmtpUsers? users = null, TimeProvider? time = null, TimeSpan? failureDelay = null) =>
        new(_certificate.Provider, users ?? Users, time ?? TimeProvider.System, failureDelay ?? TimeSpan.Zero);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Plain(string user, string password, string authorization = "") => Base64($"{authorization}\0{user}\0{password}");

    /// <summary>Nothing the client sent in the exchange, in any form, is in the session's log.</summary>
    private static void AssertNotLogged(TlsSessionClient client, params string[] secrets)
    {
        var logged = string.Join("\n", client.Logger.Entries.Select(e => e.Message));
        foreach (var secret in secrets) Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_STARTTLS_AUTH_is_not_offered_and_gets_538()
    {
        await using var client = Client();

        Assert.Equal(string.Join("\n", EhloBeforeTls), await client.HelloAsync());
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        Assert.Equal("538 5.7.11 Encryption required for requested authentication mechanism", await client.CommandAsync("AUTH LOGIN"));
        Assert.Null(await RecipientSessionAsync(client));
        AssertNotLogged(client, Password, Plain("alice", Password));
    }

    /// <summary>A transaction with one recipient: the user the handler was told the session authenticated as, and whether it may relay.</summary>
    private static async Task<string?> RecipientSessionAsync(TlsSessionClient client)
    {
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.com>"));
        Assert.Equal("250 2.1.5 Ok", await client.CommandAsync("RCPT TO:<bob@elsewhere.example>"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        var session = Assert.Single(client.Handler.Sessions);
        client.Handler.Sessions.Clear();
        Assert.False(session.Trusted);
        Assert.Equal(session.AuthenticatedUser is not null, session.MayRelay);
        return session.AuthenticatedUser;
    }

    [Fact]
    public async Task Inside_TLS_AUTH_is_offered_and_PLAIN_with_an_initial_response_authenticates_once()
    {
        await using var client = Client();
        await client.HelloAsync();

        Assert.Equal(string.Join("\n", EhloInsideTls), await client.StartTlsAsync());
        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        Assert.Equal("503 5.5.1 Error: already authenticated", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        Assert.Equal("alice", await RecipientSessionAsync(client));
        // EHLO again starts a new transaction, not a new identity.
        Assert.Equal(string.Join("\n", EhloInsideTls), await client.CommandAsync("EHLO client.test"));
        Assert.Equal("alice", await RecipientSessionAsync(client));
        Assert.Contains(client.Logger.Entries, e => e.EventId == 113 && e.Message.EndsWith(": AUTH PLAIN succeeded, sasl_username=alice", StringComparison.Ordinal));
        AssertNotLogged(client, Password, Plain("alice", Password));
    }

    [Fact]
    public async Task PLAIN_without_an_initial_response_and_LOGIN_with_and_without_one()
    {
        await using (var plain = Client())
        {
            await plain.HelloAsync();
            await plain.StartTlsAsync();
            Assert.Equal("334 ", await plain.CommandAsync("AUTH PLAIN"));
            Assert.Equal("235 2.7.0 Authentication successful", await plain.CommandAsync(Plain("alice", Password, authorization: "alice")));
        }
        await using (var login = Client())
        {
            await login.HelloAsync();
            await login.StartTlsAsync();
            Assert.Equal("334 VXNlcm5hbWU6", await login.CommandAsync("auth login"));
            Assert.Equal("334 UGFzc3dvcmQ6", await login.CommandAsync(Base64("alice")));
            Assert.Equal("235 2.7.0 Authentication successful", await login.CommandAsync(Base64(Password)));
            Assert.Equal("alice", await RecipientSessionAsync(login));
            AssertNotLogged(login, Password, Base64(Password));
        }
        await using (var login = Client())
        {
            await login.HelloAsync();
            await login.StartTlsAsync();
            Assert.Equal("334 UGFzc3dvcmQ6", await login.CommandAsync($"AUTH LOGIN {Base64("alice")}"));
            Assert.Equal("235 2.7.0 Authentication successful", await login.CommandAsync(Base64(Password)));
        }
    }

    [Fact]
    public async Task Malformed_cancelled_and_misplaced_exchanges_get_the_RFC_4954_replies()
    {
        await using var client = Client();
        await client.HelloAsync();
        await client.StartTlsAsync();

        Assert.Equal("501 5.5.4 Syntax: AUTH mechanism [initial-response]", await client.CommandAsync("AUTH"));
        Assert.Equal("501 5.5.4 Syntax: AUTH mechanism [initial-response]", await client.CommandAsync("AUTH PLAIN a b"));
        Assert.Equal("504 5.5.4 Unrecognized authentication type", await client.CommandAsync("AUTH CRAM-MD5"));
        Assert.Equal("504 5.5.4 Unrecognized authentication type", await client.CommandAsync($"AUTH {Password.Replace(' ', '-')}"));
        Assert.Equal("501 5.5.2 Cannot decode response", await client.CommandAsync("AUTH PLAIN not*base64"));
        Assert.Equal("334 ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("501 5.7.0 Authentication aborted", await client.CommandAsync("*"));
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await client.CommandAsync(Base64("alice")));
        Assert.Equal("501 5.7.0 Authentication aborted", await client.CommandAsync("*"));
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("501 5.5.2 Cannot decode response", await client.CommandAsync("%%%"));
        Assert.Equal("250 2.1.0 Ok", await client.CommandAsync("MAIL FROM:<alice@example.com>"));
        Assert.Equal("503 5.5.1 Error: MAIL transaction in progress", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        Assert.Equal("250 2.0.0 Ok", await client.CommandAsync("RSET"));
        // None of these was a failed attempt: a correct one still succeeds.
        Assert.Equal("235 2.7.0 Authentication successful", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        AssertNotLogged(client, Password, Plain("alice", Password), Password.Replace(' ', '-'));
    }

    [Fact]
    public async Task AUTH_inside_TLS_needs_EHLO_first()
    {
        await using var client = Client();
        await client.HelloAsync();
        await client.StartTlsAsync(hello: false);

        Assert.Equal("503 5.5.1 Error: send EHLO first", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
        Assert.Equal("250 gw.test", await client.CommandAsync("HELO client.test"));
        Assert.Equal("503 5.5.1 Error: send EHLO first", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
    }

    [Fact]
    public async Task Bad_credentials_get_535_and_the_third_failure_closes_the_session()
    {
        await using var client = Client();
        await client.HelloAsync();
        await client.StartTlsAsync();

        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync($"AUTH PLAIN {Plain("alice", WrongPassword)}"));
        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync($"AUTH PLAIN {Plain("mallory", Password)}"));
        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password, authorization: "root")}"));
        Assert.Equal($"421 4.7.0 {ConformanceSession.Hostname} Error: too many failed authentication attempts", await client.ReadReplyAsync());
        Assert.True(await client.IsClosedAsync(), client.Transcript);

        var failures = client.Logger.Entries.Where(e => e.EventId == 114).Select(e => e.Message[(e.Message.IndexOf(':', StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal([
            $"AUTH PLAIN failed for {ConformanceSession.UntrustedClient}:40025 (failure 1 in this session)",
            $"AUTH PLAIN failed for {ConformanceSession.UntrustedClient}:40025 (failure 2 in this session)",
            $"AUTH PLAIN failed for {ConformanceSession.UntrustedClient}:40025 (failure 3 in this session)"], failures);
        AssertNotLogged(client, Password, WrongPassword, "mallory", Plain("alice", WrongPassword), Plain("mallory", Password));
    }

    [Fact]
    public async Task Empty_or_malformed_PLAIN_messages_and_a_wrong_LOGIN_password_are_failed_attempts()
    {
        await using var client = Client();
        await client.HelloAsync();
        await client.StartTlsAsync();

        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync("AUTH PLAIN ="));
        Assert.Equal("334 VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("334 UGFzc3dvcmQ6", await client.CommandAsync(Base64("alice")));
        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync(Base64(WrongPassword)));
        Assert.Equal("535 5.7.8 Error: authentication failed", await client.CommandAsync($"AUTH PLAIN {Base64("alice" + Password)}"));
        Assert.Equal($"421 4.7.0 {ConformanceSession.Hostname} Error: too many failed authentication attempts", await client.ReadReplyAsync());
        AssertNotLogged(client, Password, WrongPassword, Base64(WrongPassword));
    }

    [Fact]
    public async Task A_failure_is_answered_only_after_the_configured_delay()
    {
        var time = new FakeTimeProvider();
        var delay = TimeSpan.FromSeconds(2);
        await using var client = Client(time: time, failureDelay: delay);
        await client.HelloAsync();
        await client.StartTlsAsync();

        await client.SendAsync($"AUTH PLAIN {Plain("alice", WrongPassword)}");
        var reply = client.ReadReplyAsync();
        // The session starts the delay's timer before it logs the failure, so once the line is there, advancing the fake
        // clock reaches that timer. (Logging first let this test advance the clock before the timer existed, and the
        // reply then never came: the run hung under load.)
        await Eventually.HoldsAsync(() => client.Logger.Entries.Any(e => e.EventId == 114), "the failure to be logged");
        time.Advance(delay - TimeSpan.FromTicks(1));
        Assert.NotSame(reply, await Task.WhenAny(reply, Task.Delay(TimeSpan.FromMilliseconds(200))));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("535 5.7.8 Error: authentication failed", await reply.WaitAsync(TimeSpan.FromSeconds(30))); // a bound, not a timing
    }

    [Fact]
    public async Task Without_a_users_file_AUTH_is_neither_offered_nor_accepted_inside_TLS()
    {
        await using var client = new TlsSessionClient(_certificate.Provider, users: null, TimeProvider.System, TimeSpan.Zero);
        await client.HelloAsync();

        Assert.Equal(string.Join("\n", EhloBeforeTls.Where(l => l != "250-STARTTLS")), await client.StartTlsAsync());
        Assert.Equal("502 5.5.1 Error: AUTH is not implemented", await client.CommandAsync($"AUTH PLAIN {Plain("alice", Password)}"));
    }
}
