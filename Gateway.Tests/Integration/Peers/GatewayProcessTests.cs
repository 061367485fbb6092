namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// The gateway process fixture wired into the deployment it is built for: Postfix hands every message
/// to the gateway (operator snippets), the gateway relays plain MIME mail to Postfix's re-injection port,
/// and Postfix relays it on to an smtp-sink.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Runs_as_postfix_after_queue_filter_and_stops_cleanly_on_SIGTERM()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var cancellationToken = hangGuard.Token;
        await using var nextHop = await SmtpSink.StartAsync(cancellationToken);
        var filterPort = FreePort.Next();
        await using var postfix = await PostfixInstance.StartAsync(
            new PostfixOptions { FilterPort = filterPort, RelayPort = nextHop.Port },
            cancellationToken);
        await using var gateway = await GatewayProcess.StartAsync(
            new GatewayProcessOptions { SmtpPort = filterPort, NextHopPort = postfix.ReinjectPort!.Value },
            cancellationToken);
        var message = TestMessages.Crlf(
            """
            From: alice@origin.test
            To: bob@far.test
            Subject: through the gateway
            Message-ID: <through-the-gateway@origin.test>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=us-ascii

            Ordinary mail passes through unchanged.
            .dot line

            """);

        var sent = await Swaks.SendAsync(postfix.ListenPort, "alice@origin.test", ["bob@far.test"], message, cancellationToken: cancellationToken);

        Assert.Equal(250, sent.DataReplyCode);
        var relayed = Assert.Single(await nextHop.WaitForMessagesAsync(1, Patience, cancellationToken));
        Assert.Equal("alice@origin.test", relayed.MailFrom);
        Assert.Equal(new[] { "bob@far.test" }, relayed.Recipients);
        Assert.Equal(TestMessages.Body(message), TestMessages.Body(relayed.Data));
        var audit = Assert.Single(await gateway.WaitForAuditLinesAsync(1, Patience, cancellationToken));
        Assert.Equal("smtp-to-smtp", audit.RootElement.GetProperty("direction").GetString());
        Assert.Equal("relayed", audit.RootElement.GetProperty("action").GetString());

        Assert.Equal(0, await gateway.StopAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reports_the_output_of_a_gateway_that_exits_before_it_is_healthy(bool outputToFile)
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(
            new GatewayProcessOptions
            {
                NextHopPort = FreePort.Next(),
                OutputToFile = outputToFile,
                Settings = new Dictionary<string, string> { ["Gateway:Smtp:Listen"] = "not-an-endpoint" },
            },
            hangGuard.Token));

        Assert.Contains("exited with 78", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Smtp:Listen", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_its_output_to_a_file_it_is_still_the_gateway_process_and_its_log_is_read_from_the_file()
    {
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = hangGuard.Token;
        await using var gateway = await GatewayProcess.StartAsync(
            new GatewayProcessOptions { NextHopPort = FreePort.Next(), OutputToFile = true }, cancellationToken);

        // The shell that redirects the output replaced itself with the gateway: /proc and signals reach the gateway.
        var commandLine = await File.ReadAllTextAsync($"/proc/{gateway.ProcessId}/cmdline", cancellationToken);
        Assert.Contains("Gateway.dll\0--Gateway:Smtp:Listen=", commandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("/bin/sh", commandLine, StringComparison.Ordinal);

        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, gateway.SmtpPort, cancellationToken);
            await Poll.UntilAsync(() => gateway.Output, output => output.Contains(": connect from 127.0.0.1", StringComparison.Ordinal),
                Patience, output => $"no connect line in the output file:\n{output}", cancellationToken);
        }

        Assert.Contains(": connect from 127.0.0.1", await File.ReadAllTextAsync(Path.Combine(gateway.WorkingDirectory, "output.log"), cancellationToken),
            StringComparison.Ordinal);
        Assert.Equal(0, await gateway.StopAsync());
    }
}
