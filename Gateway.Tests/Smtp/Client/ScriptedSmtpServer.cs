using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.Tests.Smtp.Client;

/// <summary>
/// An in-process next hop that advertises exactly the EHLO keywords it is given, for the combinations no real peer
/// here offers (Postfix and smtp-sink have neither BINARYMIME nor a silent greeting). It records each command line
/// and the content received by DATA (dot-unstuffed) or BDAT (verbatim).
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ScriptedTransaction> _transactions = new();
    private readonly IReadOnlyList<string> _keywords;
    private readonly bool _silent;
    private readonly Task _accepting;

    private ScriptedSmtpServer(IReadOnlyList<string> keywords, bool silent)
    {
        _keywords = keywords;
        _silent = silent;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<ScriptedTransaction> Transactions => [.. _transactions];

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>QUIT commands answered so far.</summary>
    public int Quits => Volatile.Read(ref _quits);

    private int _connections;
    private int _quits;

    public static ScriptedSmtpServer Start(params string[] keywords) => new(keywords, silent: false);

    /// <summary>Accepts connections and never says a word.</summary>
    public static ScriptedSmtpServer StartSilent() => new([], silent: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                sessions.Add(ServeAsync(socket));
            }
        }
        finally
        {
            await Task.WhenAll(sessions);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket);
        var reader = new SessionReader(stream);
        try
        {
            if (_silent)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            await WriteAsync(stream, "220 scripted ESMTP");
            string? mail = null;
            var recipients = new List<string>();
            var dataCommands = new List<string>();
            var data = new MemoryStream();
            while (await reader.ReadLineAsync(_stop.Token) is { } raw)
            {
                var line = Encoding.UTF8.GetString(raw);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await WriteAsync(stream, string.Join("\r\n", _keywords.Prepend("scripted").Select((k, i) => (i == _keywords.Count ? "250 " : "250-") + k)));
                        break;
                    case "MAIL":
                        mail = line;
                        await WriteAsync(stream, "250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        recipients.Add(line);
                        await WriteAsync(stream, "250 2.1.5 Ok");
                        break;
                    case "DATA":
                        dataCommands.Add(line);
                        await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && !dataLine.AsSpan().SequenceEqual("."u8))
                        {
                            data.Write(dataLine.AsSpan(dataLine.Length > 0 && dataLine[0] == '.' ? 1 : 0));
                            data.Write("\r\n"u8);
                        }
                        Complete(ref mail, recipients, dataCommands, data);
                        await WriteAsync(stream, "250 2.0.0 Ok: queued as SCRIPTED");
                        break;
                    case "BDAT":
                        dataCommands.Add(line);
                        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        var size = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        data.Write(await reader.ReadBytesAsync(size, _stop.Token));
                        if (parts.Length > 2 && parts[2].Equals("LAST", StringComparison.OrdinalIgnoreCase))
                        {
                            Complete(ref mail, recipients, dataCommands, data);
                            await WriteAsync(stream, "250 2.0.0 Ok: queued as SCRIPTED");
                        }
                        else
                        {
                            await WriteAsync(stream, $"250 2.0.0 {size} octets received");
                        }
                        break;
                    case "QUIT":
                        Interlocked.Increment(ref _quits);
                        await WriteAsync(stream, "221 2.0.0 Bye");
                        return;
                    default:
                        await WriteAsync(stream, "250 2.0.0 Ok");
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
        }
    }

    private void Complete(ref string? mail, List<string> recipients, List<string> dataCommands, MemoryStream data)
    {
        _transactions.Enqueue(new ScriptedTransaction(mail ?? "", [.. recipients], [.. dataCommands], data.ToArray()));
        mail = null;
        recipients.Clear();
        dataCommands.Clear();
        data.SetLength(0);
    }

    private async Task WriteAsync(Stream stream, string reply)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), _stop.Token);
    }

    /// <summary>Lines and counted octets from one connection, sharing one buffer.</summary>
    private sealed class SessionReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[65536];
        private int _start;
        private int _end;

        /// <summary>The next CRLF-terminated line without its CRLF; null at the end of the stream.</summary>
        public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return null;
                }
                var b = _buffer[_start++];
                if (b == '\n' && line.Length > 0 && line.GetBuffer()[line.Length - 1] == '\r')
                {
                    return line.GetBuffer().AsSpan(0, (int)line.Length - 1).ToArray();
                }
                line.WriteByte(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new EndOfStreamException();
                }
                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }
            return result;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}
