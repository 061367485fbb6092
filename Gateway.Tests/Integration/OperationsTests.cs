using System.Net.Sockets;
using System.Text;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>The daemon as an operator sees it: health, metrics, connection limit, shutdown.</summary>
[Trait("Category", "Integration")]
public sealed class OperationsTests
{
    private static async Task<(TcpClient Client, NetworkStream Stream)> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return (client, client.GetStream());
    }

    private static async Task<string> ReadReplyAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var sb = new StringBuilder();
        var buffer = new byte[4096];
        while (!sb.ToString().EndsWith("\r\n", StringComparison.Ordinal) || sb.ToString().Split("\r\n")[^2][3] == '-')
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0) break;
            sb.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return sb.ToString();
    }

    [Fact]
    public async Task Metrics_count_each_decision_by_direction_kind_and_action()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() });
        var refused = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], "Subject: plain\r\n\r\nplain\r\n"u8.ToArray());
        Assert.Equal(554, refused.DataReplyCode);

        using var http = new HttpClient { BaseAddress = gateway.HttpBase };
        var metrics = await http.GetStringAsync("metrics");

        Assert.Matches(@"gateway_messages_total\{[^}]*action=""rejected""[^}]*direction=""smtp-to-x400""[^}]*kind=""mime""[^}]*\} 1", metrics);
        Assert.Matches(@"smtp_replies_total\{[^}]*class=""5xx""[^}]*\} 1", metrics);
        Assert.Matches(@"smtp_messages_received_total(\{[^}]*\})? 1", metrics);
        Assert.Matches(@"smtp_connections_total\{[^}]*outcome=""accepted""[^}]*\} 1", metrics);
        Assert.Equal("Healthy", await http.GetStringAsync("healthz"));
    }

    [Fact]
    public async Task Connections_over_the_limit_are_told_to_come_back_later()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string> { ["Gateway:Smtp:MaxConnections"] = "1" },
        });
        var (first, firstStream) = await ConnectAsync(gateway.SmtpPort);
        using (first)
        {
            Assert.StartsWith("220 ", await ReadReplyAsync(firstStream), StringComparison.Ordinal);
            var (second, secondStream) = await ConnectAsync(gateway.SmtpPort);
            using (second)
            {
                Assert.Equal("421 4.7.0 cms-x400-gateway.localdomain Error: too many connections, try again later\r\n", await ReadReplyAsync(secondStream));
            }
        }
    }

    [Fact]
    public async Task SIGTERM_tells_open_sessions_421_and_the_daemon_exits_0()
    {
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = FreePort.Next() });
        var (client, stream) = await ConnectAsync(gateway.SmtpPort);
        using (client)
        {
            await ReadReplyAsync(stream);
            await stream.WriteAsync("EHLO c\r\n"u8.ToArray());
            await ReadReplyAsync(stream);

            var stopping = gateway.StopAsync();
            var reply = await ReadReplyAsync(stream);

            Assert.Equal("421 4.3.2 cms-x400-gateway.localdomain Service shutting down, closing transmission channel\r\n", reply);
            Assert.Equal(0, await stopping);
        }
    }
}
