namespace Gateway.Tests.Integration.Smtp;

/// <summary>Gateway:Smtp:MaxConnectionsPerClient=2 for an untrusted client (loopback, as 192.0.2.0/24 is the trusted network).</summary>
[Trait("Category", "Integration")]
public sealed class ConnectionLimitTests(ConnectionLimitGatewayFixture fixture) : IClassFixture<ConnectionLimitGatewayFixture>
{
    [Fact]
    public async Task A_third_connection_from_one_client_gets_421_4_7_0_and_the_first_two_are_served()
    {
        await using var first = await SmtpWire.OpenAsync(fixture.Port);
        await using var second = await SmtpWire.OpenAsync(fixture.Port);

        await using (var third = await SmtpWire.ConnectAsync(fixture.Port))
        {
            // The issue asks for 421 4.7.0, as Postfix sends it (RFC 2034 §3 would let a greeting go without the enhanced code).
            (await third.ReadReplyAsync()).Expect("421 4.7.0", "a connection over the per-client limit");
            Assert.Equal("", await third.ReadUntilClosedAsync());
        }

        (await second.CommandAsync("EHLO wire.client.test")).Expect("250", "EHLO on the second connection");
        (await second.CommandAsync("NOOP")).Expect("250 2.0.0", "NOOP on the second connection");
        (await first.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT on the first connection");
        Assert.Equal("", await first.ReadUntilClosedAsync());

        // A slot is free again: a new connection carries a whole X.400 transaction.
        var before = Directory.Exists(fixture.OutDirectory) ? Directory.GetFiles(fixture.OutDirectory).ToHashSet() : [];
        var subject = Legitimate.NewMarker("x400");
        await using (var fourth = await SmtpWire.HelloAsync(fixture.Port))
        {
            (await fourth.CommandAsync($"MAIL FROM:<{Legitimate.Sender}>")).Expect("250 2.1.0", "MAIL");
            (await fourth.CommandAsync($"RCPT TO:<{Legitimate.Recipient}>")).Expect("554 5.7.1", "RCPT to an SMTP recipient from an untrusted client");
            (await fourth.CommandAsync("RCPT TO:<john.smith@x400.example>")).Expect("250 2.1.5", "RCPT to an X.400 recipient");
            (await fourth.CommandAsync("DATA")).Expect("354", "DATA");
            var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm(subject, "served after the limit"));
            await fourth.SendAsync(message);
            await fourth.SendAsync(".\r\n");
            (await fourth.ReadReplyAsync()).Expect("250 2.0.0", "the final dot");
            (await fourth.CommandAsync("QUIT")).Expect("221 2.0.0", "QUIT");
        }
        var added = Directory.GetFiles(fixture.OutDirectory).Where(f => !before.Contains(f)).ToList();
        var p1 = P1File.Read(await File.ReadAllBytesAsync(Assert.Single(added)));
        Assert.Equal(22, p1.BuiltInContentType);
        Assert.Equal(X400TestContent.Ipm(subject, "served after the limit"), p1.Content);
    }
}
