using System.IO.Pipelines;
using System.Net;
using System.Text;
using Gateway.Smtp.Server;
using Gateway.Smtp.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Sdk;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>
/// One fresh <see cref="SmtpSession"/> over in-memory pipes, driven one command at a time: every write is followed
/// by reading exactly one complete reply, so a reply can never be attributed to the wrong command.
/// </summary>
internal sealed class ConformanceSession : IAsyncDisposable
{
    /// <summary>Only there so that a session that never answers fails the test instead of hanging the run.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public const string Hostname = "gw.test";

    /// <summary>Clients from here may use XFORWARD (and are exempt from the per-client limit).</summary>
    public static readonly IPAddress TrustedClient = IPAddress.Parse("10.0.0.7");

    public static readonly IPAddress UntrustedClient = IPAddress.Parse("198.51.100.7");

    private readonly Pipe _toServer = new();
    private readonly Pipe _toClient = new();
    private readonly string _temporary = Directory.CreateTempSubdirectory("smtp-conformance-").FullName;
    private readonly StringBuilder _unread = new();
    private readonly List<string> _transcript = [];
    private readonly Task _session;

    public ConformanceSession(IPAddress client, ServerCertificateProvider? certificates)
    {
        var options = new SmtpServerOptions(Hostname, MaxMessageSize: 100_000, MaxRecipients: 10, MaxCommandLineLength: 512, MaxConnections: 10,
            MaxErrors: 100, CommandTimeout: TimeSpan.FromMinutes(5), DataTimeout: TimeSpan.FromMinutes(5), _temporary)
        {
            TrustedNetworks = [System.Net.IPNetwork.Parse("10.0.0.0/8")],
        };
        var session = new SmtpSession(new DuplexPipe(_toServer.Reader, _toClient.Writer), new IPEndPoint(client, 40025), options, Handler,
            NullLogger.Instance, TimeProvider.System, certificates);
        _session = Task.Run(async () =>
        {
            try
            {
                await session.RunAsync(CancellationToken.None);
            }
            finally
            {
                await _toClient.Writer.CompleteAsync();
            }
        });
    }

    public AcceptingTransactionHandler Handler { get; } = new();

    /// <summary>What was said so far, for failure messages.</summary>
    public string Transcript => string.Join("\n", _transcript);

    /// <summary>Sends <paramref name="wire"/> exactly as given (CRLF included) and returns the lines of the one reply to it.</summary>
    public async Task<IReadOnlyList<string>> ExchangeAsync(string wire)
    {
        _transcript.Add("C: " + Visible(wire));
        await _toServer.Writer.WriteAsync(Encoding.Latin1.GetBytes(wire));
        return await ReadReplyAsync();
    }

    public async Task<IReadOnlyList<string>> ReadReplyAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            if (TakeReply() is { } reply)
            {
                _transcript.AddRange(reply.Select(l => "S: " + l));
                return reply;
            }
            ReadResult read;
            try
            {
                read = await _toClient.Reader.ReadAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new XunitException($"No complete reply within {HangGuard}. Transcript:\n{Transcript}\nUnread: '{_unread}'");
            }
            foreach (var segment in read.Buffer) _unread.Append(Encoding.Latin1.GetString(segment.Span));
            _toClient.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted && read.Buffer.IsEmpty)
            {
                throw new XunitException($"The session ended without a complete reply. Transcript:\n{Transcript}\nUnread: '{_unread}'");
            }
        }
    }

    private List<string>? TakeReply()
    {
        var text = _unread.ToString();
        var lines = new List<string>();
        var start = 0;
        while (true)
        {
            var end = text.IndexOf("\r\n", start, StringComparison.Ordinal);
            if (end < 0) return null;
            var line = text[start..end];
            lines.Add(line);
            start = end + 2;
            if (line.Length < 4 || line[3] == ' ')
            {
                _unread.Remove(0, start);
                return lines;
            }
        }
    }

    private static string Visible(string wire) => wire.Replace("\r", "<CR>", StringComparison.Ordinal).Replace("\n", "<LF>", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        // The client goes away: the session sees end-of-stream wherever it is (command, DATA, TLS handshake) and ends.
        await _toServer.Writer.CompleteAsync();
        try
        {
            await _session.WaitAsync(HangGuard);
        }
        finally
        {
            await _toClient.Reader.CompleteAsync();
            Directory.Delete(_temporary, recursive: true);
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
