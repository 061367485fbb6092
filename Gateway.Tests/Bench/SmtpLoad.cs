using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Bench;

/// <summary>
/// A paced SMTP client for latency: <c>sessions</c> connections send messages at <c>rate</c> messages per second in
/// all, each timed from MAIL to the reply to the final dot. smtp-source measures throughput; it cannot say how long one
/// message waited.
/// </summary>
internal static class SmtpLoad
{
    public static async Task<IReadOnlyList<double>> LatenciesAsync(int port, int sessions, int count, double rate, byte[] message, string recipient)
    {
        var wire = Wire(message);
        var latencies = new List<double>(count);
        var next = 0;
        var clock = Stopwatch.StartNew();
        var interval = 1.0 / rate;
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async _ =>
        {
            using var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync("127.0.0.1", port);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await ExpectAsync(reader, "220");
            await CommandAsync(stream, reader, "EHLO bench.test", "250");
            while (true)
            {
                var n = Interlocked.Increment(ref next) - 1;
                if (n >= count) break;
                var due = TimeSpan.FromSeconds(n * interval);
                if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
                var started = Stopwatch.GetTimestamp();
                await CommandAsync(stream, reader, "MAIL FROM:<a@example.com>", "250");
                // A sequence number in front of the recipient, as smtp-source -N does: each message a transaction of its own.
                await CommandAsync(stream, reader, string.Create(CultureInfo.InvariantCulture, $"RCPT TO:<{n}{recipient}>"), "250");
                await CommandAsync(stream, reader, "DATA", "354");
                await stream.WriteAsync(wire);
                await ExpectAsync(reader, "250");
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies) latencies.Add(elapsed);
            }
            await CommandAsync(stream, reader, "QUIT", "221");
        }));
        latencies.Sort();
        return latencies;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The message as DATA carries it: CRLF lines, dot-stuffed, with the final dot.</summary>
    private static byte[] Wire(byte[] message)
    {
        var text = Encoding.Latin1.GetString(message).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        var sb = new StringBuilder(text.Length + 1024);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('.')) sb.Append('.');
            sb.Append(line).Append("\r\n");
        }
        return Encoding.Latin1.GetBytes(sb.Append(".\r\n").ToString());
    }

    private static async Task CommandAsync(NetworkStream stream, StreamReader reader, string command, string expected)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        await ExpectAsync(reader, expected);
    }

    private static async Task ExpectAsync(StreamReader reader, string code)
    {
        string? line;
        do
        {
            line = await reader.ReadLineAsync() ?? throw new IOException("the server closed the connection");
        }
        while (line.Length > 3 && line[3] == '-');
        if (!line.StartsWith(code, StringComparison.Ordinal)) throw new IOException($"expected {code}, got '{line}'");
    }
}
