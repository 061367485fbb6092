using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Sdk;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>
/// A raw SMTP client on a TCP socket: it writes exactly the bytes it is given (bare LF, lone CR, NUL, overlong lines
/// and all) and reads replies line by line, so that tests see precisely what the server did with them.
/// </summary>
public sealed class SmtpWire : IAsyncDisposable
{
    /// <summary>Only there so that a server that never answers fails the test instead of hanging the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<byte> _unread = [];
    private readonly StringBuilder _transcript = new();
    private bool _endOfStream;

    private SmtpWire(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    /// <summary>Connects without reading anything.</summary>
    /// <param name="from">The local address to connect from (e.g. 127.0.0.2, a loopback client outside 127.0.0.1/32); any when null.</param>
    public static async Task<SmtpWire> ConnectAsync(int port, IPAddress? from = null)
    {
        var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        if (from is not null) client.Client.Bind(new IPEndPoint(from, 0));
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new SmtpWire(client);
    }

    /// <summary>Connects and reads the 220 greeting.</summary>
    public static async Task<SmtpWire> OpenAsync(int port, IPAddress? from = null)
    {
        var wire = await ConnectAsync(port, from);
        (await wire.ReadReplyAsync()).Expect("220", "the connection");
        return wire;
    }

    /// <summary>Connects, reads the greeting and says EHLO.</summary>
    public static async Task<SmtpWire> HelloAsync(int port, IPAddress? from = null)
    {
        var wire = await OpenAsync(port, from);
        (await wire.CommandAsync("EHLO wire.client.test")).Expect("250", "EHLO");
        return wire;
    }

    /// <summary>Both directions so far, for failure messages ("C: " and "S: " lines, control characters made visible).</summary>
    public string Transcript => _transcript.ToString();

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        _transcript.Append("C: ").Append(Visible(Encoding.Latin1.GetString(bytes.AsSpan(0, Math.Min(bytes.Length, 300)))))
            .Append(bytes.Length > 300 ? $"… ({bytes.Length} octets)" : "").Append('\n');
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends <paramref name="line"/> with CRLF and reads the one reply to it.</summary>
    public async Task<WireReply> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task<WireReply> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync()
                ?? throw new XunitException($"The server closed the connection before a complete reply.\n{Transcript}");
            lines.Add(line);
            _transcript.Append("S: ").Append(line).Append('\n');
            if (line.Length < 4 || line[3] == ' ') return new WireReply(lines);
        }
    }

    public async Task<IReadOnlyList<WireReply>> ReadRepliesAsync(int count)
    {
        var replies = new List<WireReply>();
        for (var i = 0; i < count; i++) replies.Add(await ReadReplyAsync());
        return replies;
    }

    /// <summary>Reads until the server closes the connection and returns whatever came before that (normally nothing).</summary>
    public async Task<string> ReadUntilClosedAsync()
    {
        while (await FillAsync())
        {
        }
        var rest = Encoding.Latin1.GetString([.. _unread]);
        _unread.Clear();
        return rest;
    }

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            for (var i = 0; i + 1 < _unread.Count; i++)
            {
                if (_unread[i] == '\r' && _unread[i + 1] == '\n')
                {
                    var line = Encoding.Latin1.GetString([.. _unread.GetRange(0, i)]);
                    _unread.RemoveRange(0, i + 2);
                    return line;
                }
            }
            if (!await FillAsync()) return null;
        }
    }

    private async Task<bool> FillAsync()
    {
        if (_endOfStream) return false;
        var buffer = new byte[16 * 1024];
        int read;
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            read = await _stream.ReadAsync(buffer, guard.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"Nothing from the server within {HangGuard}.\n{Transcript}\nUnread: {Visible(Encoding.Latin1.GetString([.. _unread]))}");
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            read = 0;
        }
        if (read == 0)
        {
            _endOfStream = true;
            _transcript.Append("S: <closed>\n");
            return false;
        }
        _unread.AddRange(buffer.AsSpan(0, read));
        return true;
    }

    private static string Visible(string text) => text.Replace("\r", "<CR>", StringComparison.Ordinal).Replace("\n", "<LF>", StringComparison.Ordinal)
        .Replace("\0", "<NUL>", StringComparison.Ordinal);

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
