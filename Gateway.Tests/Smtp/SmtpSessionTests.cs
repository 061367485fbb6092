using System.IO.Pipelines;
using System.Net;
using System.Text;
using Gateway.Smtp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Smtp;

/// <summary>The protocol state machine, driven over in-memory pipes with a recording handler.</summary>
public sealed class SmtpSessionTests : IAsyncLifetime
{
    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly RecordingHandler _handler = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("smtp-session-").FullName;
    private Task _session = Task.CompletedTask;
    private readonly StringBuilder _received = new();

    private sealed class RecordingHandler : ISmtpTransactionHandler
    {
        public List<(SmtpTransaction Transaction, byte[] Content)> Messages { get; } = [];
        public SmtpReply Reply { get; set; } = new(250, "2.0.0", "Ok: queued");

        public Exception? Failure { get; set; }

        public SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient) =>
            recipient.EndsWith("@refused.example", StringComparison.Ordinal) ? new SmtpReply(554, "5.7.1", $"<{recipient}>: Relay access denied") : null;

        public async Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken)
        {
            using var copy = new MemoryStream();
            await transaction.Content.CopyToAsync(copy, cancellationToken);
            Messages.Add((transaction, copy.ToArray()));
            return Failure is null ? Reply : throw Failure;
        }
    }

    public Task InitializeAsync()
    {
        var options = new SmtpServerOptions("gw.test", MaxMessageSize: 1000, MaxRecipients: 2, MaxCommandLineLength: 512, MaxConnections: 10,
            MaxErrors: 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), _temp)
        {
            TrustedNetworks = [System.Net.IPNetwork.Parse("10.0.0.0/8")],
        };
        var transport = new DuplexPipe(_toServer.Reader, _toClient.Writer);
        var session = new SmtpSession(transport, new IPEndPoint(IPAddress.Loopback, 40000), options, _handler, NullLogger.Instance, TimeProvider.System);
        _session = Task.Run(async () =>
        {
            await session.RunAsync(CancellationToken.None);
            await _toClient.Writer.CompleteAsync();
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _session;
        Directory.Delete(_temp, recursive: true);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private async Task SendAsync(string text) => await _toServer.Writer.WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads until <paramref name="count"/> complete replies (final lines) have arrived, and returns them.</summary>
    private async Task<string[]> RepliesAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var lines = _received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var finals = lines.Count(l => l.Length >= 4 && l[3] == ' ');
            if (finals >= count)
            {
                var result = new List<string>();
                var taken = 0;
                var consumed = 0;
                foreach (var l in lines)
                {
                    if (taken == count) break;
                    result.Add(l);
                    consumed += l.Length + 2;
                    if (l[3] == ' ') taken++;
                }
                _received.Remove(0, consumed);
                return [.. result];
            }
            var read = await _toClient.Reader.ReadAsync(timeout.Token);
            foreach (var segment in read.Buffer) _received.Append(Encoding.Latin1.GetString(segment.Span));
            _toClient.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted && read.Buffer.IsEmpty) return [.. _received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
        }
    }

    [Fact]
    public async Task A_pipelined_transaction_gets_each_reply_in_order_and_the_content_dot_unstuffed()
    {
        Assert.Equal(["220 gw.test ESMTP CMS-X.400 Gateway"], await RepliesAsync(1));
        await SendAsync("EHLO client.example\r\n");
        Assert.Equal(["250-gw.test", "250-PIPELINING", "250-SIZE 1000", "250-8BITMIME", "250-BINARYMIME", "250-CHUNKING", "250-ENHANCEDSTATUSCODES",
            "250-DSN", "250-SMTPUTF8", "250 MT-PRIORITY MIXER"], await RepliesAsync(1));
        await SendAsync("MAIL FROM:<a@b.example> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<c@d.example>\r\nRCPT TO:<e@refused.example>\r\nDATA\r\n");
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "554 5.7.1 <e@refused.example>: Relay access denied", "354 End data with <CR><LF>.<CR><LF>"], await RepliesAsync(4));
        await SendAsync("Subject: t\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
        Assert.Equal(["250 2.0.0 Ok: queued", "221 2.0.0 Bye"], await RepliesAsync(2));
        var (transaction, content) = Assert.Single(_handler.Messages);
        Assert.Equal("a@b.example", transaction.ReversePath);
        Assert.Equal(["c@d.example"], transaction.Recipients.Select(r => r.Address));
        Assert.Equal("client.example", transaction.Session.HeloName);
        Assert.Equal("Subject: t\r\n\r\n.dot\r\n", Encoding.Latin1.GetString(content));
    }

    [Fact]
    public async Task A_handler_that_throws_gets_451_4_3_0_and_the_session_goes_on()
    {
        await RepliesAsync(1);
        _handler.Failure = new IOException("malformed PEM data");
        await SendAsync("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n");
        await RepliesAsync(4);
        await SendAsync("Subject: t\r\n\r\nx\r\n.\r\nNOOP\r\n");
        Assert.Equal(["451 4.3.0 Local error in processing, try again later", "250 2.0.0 Ok"], await RepliesAsync(2));
    }

    [Fact]
    public async Task Commands_out_of_order_and_bad_syntax_get_precise_replies()
    {
        await RepliesAsync(1);
        await SendAsync("MAIL FROM:<a@b.example>\r\n");
        Assert.Equal(["503 5.5.1 Error: send HELO/EHLO first"], await RepliesAsync(1));
        await SendAsync("HELO client.example\r\nRCPT TO:<c@d.example>\r\nMAIL FROM:a@b.example\r\nMAIL FROM:<a@b.example> SIZE=5\r\nFOO\r\n");
        Assert.Equal(["250 gw.test", "503 5.5.1 Error: need MAIL command", "501 5.1.7 Bad sender address syntax: the address must be enclosed in <>",
            "555 5.5.4 Error: MAIL parameters need EHLO", "500 5.5.2 Error: command not recognized"], await RepliesAsync(5));
    }

    [Fact]
    public async Task Too_many_errors_close_the_session()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nX1\r\nX2\r\nX3\r\nX4\r\nX5\r\nNOOP\r\n");
        var replies = await RepliesAsync(7);
        Assert.Equal("421 4.7.0 gw.test Error: too many errors", replies[^1]);
        Assert.Empty(_handler.Messages);
    }

    [Fact]
    public async Task Size_limit_bare_LF_and_recipient_limit_are_enforced()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nMAIL FROM:<a@b.example> SIZE=1001\r\n");
        Assert.Equal("552 5.3.4 Message size exceeds fixed limit", (await RepliesAsync(2))[^1]);
        await SendAsync("MAIL FROM:<a@b.example>\r\nRCPT TO:<1@d.example>\r\nRCPT TO:<2@d.example>\r\nRCPT TO:<3@d.example>\r\nDATA\r\n");
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "452 4.5.3 Error: too many recipients", "354 End data with <CR><LF>.<CR><LF>"], await RepliesAsync(5));
        await SendAsync(new string('x', 998) + "\r\n" + new string('y', 100) + "\r\n.\r\n");
        Assert.Equal(["552 5.3.4 Message size exceeds fixed limit"], await RepliesAsync(1));
        await SendAsync("MAIL FROM:<a@b.example>\r\nRCPT TO:<1@d.example>\r\nDATA\r\n");
        await RepliesAsync(3);
        await SendAsync("a\n.\nMAIL FROM:<evil@x.example>\r\n.\r\n");
        Assert.Equal(["550 5.5.2 Message contains a bare <LF>; lines must end with <CR><LF> (RFC 5321 section 2.3.8)"], await RepliesAsync(1));
        Assert.Empty(_handler.Messages);
    }

    [Fact]
    public async Task A_command_line_over_the_limit_is_refused_and_the_session_goes_on()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\n");
        await RepliesAsync(1);
        await SendAsync("NOOP " + new string('x', 600) + "\r\nNOOP\r\n");
        Assert.Equal(["500 5.5.2 Error: command line too long", "250 2.0.0 Ok"], await RepliesAsync(2));
        await SendAsync("NOOP\nRSET\r\nNOOP\r\n");
        Assert.Equal(["500 5.5.2 Error: bare <LF> or <CR> received; commands end with <CR><LF>", "250 2.0.0 Ok"], await RepliesAsync(2));
    }

    [Fact]
    public async Task BDAT_chunks_arrive_unchanged_and_LAST_gets_the_handler_reply()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nMAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<c@d.example>\r\nBDAT 5\r\nab\r\n.BDAT 3 LAST\r\n\0\n.");
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 5 octets received", "250 2.0.0 Ok: queued"], (await RepliesAsync(5))[^4..]);
        var (transaction, content) = Assert.Single(_handler.Messages);
        Assert.Equal("ab\r\n.\0\n.", System.Text.Encoding.Latin1.GetString(content));
        Assert.Equal(Gateway.Smtp.BodyType.BinaryMime, transaction.Parameters.Body);
    }

    [Fact]
    public async Task BDAT_out_of_sequence_is_consumed_and_refused_and_DATA_cannot_follow_it()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nBDAT 4\r\nQUITRSET\r\n");
        Assert.Equal(["503 5.5.1 Error: need MAIL command", "250 2.0.0 Ok"], (await RepliesAsync(3))[^2..]);
        await SendAsync("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nBDAT 2\r\nxyDATA\r\n");
        Assert.Equal(["250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 2 octets received", "503 5.5.1 Error: BDAT transaction in progress; send BDAT or RSET"],
            await RepliesAsync(4));
        await SendAsync("MAIL FROM:<a@b.example> BODY=BINARYMIME\r\n");
        Assert.Equal(["503 5.5.1 Error: BDAT transaction in progress; send BDAT or RSET"], await RepliesAsync(1));
        Assert.Empty(_handler.Messages);
    }

    [Fact]
    public async Task BINARYMIME_over_DATA_is_refused()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nMAIL FROM:<a@b.example> BODY=BINARYMIME\r\nRCPT TO:<c@d.example>\r\nDATA\r\n");
        Assert.Equal("503 5.5.1 Error: BODY=BINARYMIME needs BDAT, not DATA (RFC 3030 section 3)", (await RepliesAsync(4))[^1]);
    }

    [Fact]
    public async Task DSN_parameters_reach_the_handler()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nMAIL FROM:<a@b.example> RET=HDRS ENVID=id+2B1\r\nRCPT TO:<c@d.example> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c+40d.example\r\nDATA\r\n");
        await RepliesAsync(4);
        await SendAsync("Subject: dsn\r\n\r\nx\r\n.\r\n");
        Assert.Equal(["250 2.0.0 Ok: queued"], await RepliesAsync(1));
        var (transaction, _) = Assert.Single(_handler.Messages);
        Assert.Equal(Gateway.Smtp.DsnReturn.Headers, transaction.Parameters.Return);
        Assert.Equal("id+1", transaction.Parameters.EnvelopeId);
        Assert.Equal(new Gateway.Smtp.SmtpRecipient("c@d.example", Gateway.Smtp.DsnNotify.Failure | Gateway.Smtp.DsnNotify.Delay, "rfc822", "c@d.example"),
            Assert.Single(transaction.Recipients));
    }

    [Fact]
    public async Task SMTPUTF8_addresses_need_the_parameter()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nMAIL FROM:<jörg@bücher.example>\r\nMAIL FROM:<jörg@bücher.example> SMTPUTF8\r\nRCPT TO:<ñ@d.example>\r\nNOOP ü\r\n");
        Assert.Equal(["553 5.6.7 Non-ASCII address needs the SMTPUTF8 parameter", "250 2.1.0 Ok", "250 2.1.5 Ok",
            "500 5.5.2 Error: non-ASCII characters are allowed only in SMTPUTF8 addresses"], (await RepliesAsync(5))[^4..]);
    }

    [Fact]
    public async Task XFORWARD_is_for_trusted_clients_only()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nXFORWARD NAME=x.example ADDR=192.0.2.1\r\n");
        Assert.Equal("550 5.7.0 Error: insufficient authorization for XFORWARD", (await RepliesAsync(2))[^1]);
    }

    [Fact]
    public async Task STARTTLS_without_a_certificate_is_not_offered_nor_accepted()
    {
        await RepliesAsync(1);
        await SendAsync("EHLO c\r\nSTARTTLS\r\n");
        var replies = await RepliesAsync(2);
        Assert.DoesNotContain("250-STARTTLS", replies);
        Assert.Equal("502 5.5.1 Error: STARTTLS is not available", replies[^1]);
    }
}
