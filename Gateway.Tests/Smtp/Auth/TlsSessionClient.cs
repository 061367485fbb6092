using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Smtp.Auth;
using Gateway.Smtp.Server;
using Gateway.Smtp.Server.Tls;
using Gateway.Tests.Smtp.Conformance;
using Gateway.Tests.Smtp.Tls;
using Xunit.Sdk;

namespace Gateway.Tests.Smtp.Auth;

/// <summary>
/// An <see cref="SmtpSession"/> over in-memory pipes with a client that can say STARTTLS and go on inside TLS, reading
/// one complete reply per command; everything the session logged is kept.
/// </summary>
internal sealed class TlsSessionClient : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly PipeConnection _connection = new();
    private readonly string _temporary = Directory.CreateTempSubdirectory("smtp-auth-").FullName;
    private readonly Task _session;
    private readonly List<string> _transcript = [];
    private Stream _stream;

    public TlsSessionClient(ServerCertificateProvider certificates, SmtpUsers? users, TimeProvider time, TimeSpan failureDelay, int maxFailures = 3)
    {
        var options = new SmtpServerOptions(ConformanceSession.Hostname, MaxMessageSize: 100_000, MaxRecipients: 10, MaxCommandLineLength: 512,
            MaxConnections: 10, MaxErrors: 100, CommandTimeout: TimeSpan.FromMinutes(5), DataTimeout: TimeSpan.FromMinutes(5), _temporary)
        {
            TrustedNetworks = [System.Net.IPNetwork.Parse("10.0.0.0/8")],
            Users = users,
            MaxAuthFailures = maxFailures,
            AuthFailureDelay = failureDelay,
        };
        var session = new SmtpSession(_connection.Server, new IPEndPoint(ConformanceSession.UntrustedClient, 40025), options, Handler, Logger, time,
            certificates);
        _stream = _connection.ClientStream;
        _session = Task.Run(async () =>
        {
            try
            {
                await session.RunAsync(CancellationToken.None);
            }
            finally
            {
                await _connection.Server.Output.CompleteAsync();
            }
        });
    }

    public RecordingRecipientHandler Handler { get; } = new();

    public CapturingLogger<SmtpSession> Logger { get; } = new();

    public string Transcript => string.Join("\n", _transcript);

    /// <summary>Reads the greeting and says EHLO; returns the EHLO reply.</summary>
    public async Task<string> HelloAsync()
    {
        await ReadReplyAsync();
        return await CommandAsync("EHLO client.test");
    }

    /// <summary>
    /// STARTTLS, the handshake (trusting any certificate: the server's is throw-away) and, unless told not to, EHLO again;
    /// returns the new EHLO reply.
    /// </summary>
    public async Task<string> StartTlsAsync(bool hello = true)
    {
        var ready = await CommandAsync("STARTTLS");
        if (ready != "220 2.0.0 Ready to start TLS") throw new XunitException($"STARTTLS: {ready}\n{Transcript}");
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
        _stream = tls;
        return hello ? await CommandAsync("EHLO client.test") : "";
    }

    /// <summary>Sends the line with CRLF and reads one reply (its lines joined by \n).</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line);
        return await ReadReplyAsync();
    }

    public async Task SendAsync(string line)
    {
        _transcript.Add("C: " + line);
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        await _stream.FlushAsync();
    }

    /// <summary>One complete reply, read octet by octet so that nothing after it is taken from the stream.</summary>
    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync() ?? throw new XunitException($"The session closed before a complete reply.\n{Transcript}");
            _transcript.Add("S: " + line);
            lines.Add(line);
            if (line.Length < 4 || line[3] == ' ') return string.Join("\n", lines);
        }
    }

    /// <summary>True when the session closed the connection with nothing more to say.</summary>
    public async Task<bool> IsClosedAsync() => await ReadLineAsync() is null;

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        var octet = new byte[1];
        using var guard = new CancellationTokenSource(HangGuard);
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(octet, guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new XunitException($"Nothing from the session within {HangGuard}.\n{Transcript}");
            }
            if (read == 0) return line.Count == 0 ? null : throw new XunitException($"The session closed within a line.\n{Transcript}");
            if (octet[0] == '\n' && line.Count > 0 && line[^1] == '\r') return Encoding.UTF8.GetString([.. line.GetRange(0, line.Count - 1)]);
            line.Add(octet[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _connection.CloseClient();
        await _session;
        Directory.Delete(_temporary, recursive: true);
    }
}
