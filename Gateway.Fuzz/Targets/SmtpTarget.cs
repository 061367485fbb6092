using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Gateway.Smtp;
using Gateway.Smtp.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// The SMTP command side. The input is what a client sends: a whole session reads it (command lines split into verb and
/// argument, paths, ESMTP parameters, XFORWARD, DATA, BDAT) and every reply must be well formed. Each line also goes
/// through the path, parameter and xtext parsers directly (a decoded xtext must come back from its encoding), and the
/// DATA parser must do the same with the input in one piece, byte by byte, and as a sequence of one-byte segments.
/// </summary>
public static class SmtpTarget
{
    private static readonly string SpoolDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gateway-fuzz-smtp")).FullName;

    // Small limits, so that the fuzzer reaches them with small inputs; loopback is trusted, so XFORWARD is reachable.
    private static readonly SmtpServerOptions Options = new("gw.fuzz", MaxMessageSize: 1000, MaxRecipients: 3, MaxCommandLineLength: 256,
        MaxConnections: 10, MaxErrors: 30, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), SpoolDirectory)
    {
        TrustedNetworks = [IPNetwork.Parse("127.0.0.0/8")],
    };

    private static readonly SpoolFiles Spools = new(SpoolDirectory, keep: 1);

    public static string Run(byte[] input) => string.Join('\n', $"session: {Session(input)}", $"lines: {Lines(input)}", $"data: {Data(input)}");

    private static string Session(byte[] input)
    {
        var toServer = new Pipe();
        // Nobody reads the replies until the session ends, so the pipe must never make the session wait for a reader.
        var toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        toServer.Writer.Write(input);
        toServer.Writer.Complete();
        var session = new SmtpSession(new DuplexPipe(toServer.Reader, toClient.Writer), new IPEndPoint(IPAddress.Loopback, 40000), Options,
            new Handler(), NullLogger.Instance, TimeProvider.System, spools: Spools);
        session.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        toClient.Writer.Complete();
        toClient.Reader.TryRead(out var result);
        var replies = Encoding.Latin1.GetString(result.Buffer.ToArray());
        if (!replies.EndsWith("\r\n", StringComparison.Ordinal)) throw new InvariantViolationException($"the replies do not end with CRLF: {replies}");
        var lines = replies[..^2].Split("\r\n");
        if (lines.FirstOrDefault(l => l.Length < 4 || l[0] is < '2' or > '5' || !char.IsAsciiDigit(l[1]) || !char.IsAsciiDigit(l[2]) || l[3] is not (' ' or '-')) is { } bad)
        {
            throw new InvariantViolationException($"malformed reply line: {bad}");
        }
        return string.Join(' ', lines.Where(l => l[3] == ' ').Select(l => l[..3]));
    }

    private static string Lines(byte[] input)
    {
        var outcomes = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(input).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            outcomes.Append('[').Append(PathOf(line)).Append("; mail ").Append(Mail(line)).Append("; rcpt ").Append(Rcpt("user@example.com", line))
                .Append("; xtext ").Append(XTextOf(line)).Append(']');
        }
        return outcomes.ToString();
    }

    private static string PathOf(string line)
    {
        if (!SmtpPath.TryParse(line, out var mailbox, out var parameters, out var error, allowUtf8: true)) return $"path refused: {error}";
        var domain = mailbox.Length == 0 ? "" : SmtpPath.DomainOf(mailbox);
        return $"path <{mailbox}> at {domain}, mail {Mail(parameters)}, rcpt {(mailbox.Length == 0 ? "-" : Rcpt(mailbox, parameters))}";
    }

    private static string Mail(string parameters) =>
        EsmtpParameterParser.TryParseMail(parameters, Options.MaxMessageSize, out var mail, out var error) ? $"{mail.Body}" : error.ToString();

    private static string Rcpt(string address, string parameters) =>
        EsmtpParameterParser.TryParseRcpt(address, parameters, out var recipient, out var error) ? $"{recipient.Notify}" : error.ToString();

    private static string XTextOf(string line)
    {
        var values = new List<string>();
        foreach (var (key, raw) in EsmtpParameterParser.Split(line))
        {
            if (raw is null) continue;
            if (!XText.TryDecode(raw, out var value))
            {
                values.Add($"{key} refused");
                continue;
            }
            if (!XText.TryDecode(XText.Encode(value), out var again) || again != value)
            {
                throw new InvariantViolationException($"xtext '{raw}' decoded to '{value}', which does not come back from its encoding '{XText.Encode(value)}'");
            }
            values.Add($"{key}={value.Length}");
        }
        return string.Join(',', values);
    }

    private static string Data(byte[] input)
    {
        var whole = Feed(input, input.Length, segmented: false);
        var bytes = Feed(input, 1, segmented: false);
        var segments = Feed(input, input.Length, segmented: true);
        if (bytes != whole) throw new InvariantViolationException($"DATA byte by byte gave {bytes}, in one piece {whole}");
        if (segments != whole) throw new InvariantViolationException($"DATA in one-byte segments gave {segments}, in one piece {whole}");
        return whole.ToString();
    }

    /// <summary>Feeds the input <paramref name="step"/> octets at a time, as the line reader does: what was not consumed comes again.</summary>
    private static DataOutcome Feed(byte[] input, int step, bool segmented)
    {
        var parser = new DataParser(Options.MaxMessageSize);
        var output = new ArrayBufferWriter<byte>();
        var pending = Array.Empty<byte>();
        var offset = 0;
        var finished = false;
        while (!finished && (offset < input.Length || offset == 0))
        {
            var take = Math.Min(step, input.Length - offset);
            byte[] data = [.. pending, .. input.AsSpan(offset, take)];
            offset += take;
            var buffer = segmented ? Segment.Sequence(data) : new ReadOnlySequence<byte>(data);
            finished = parser.Process(ref buffer, output);
            pending = buffer.ToArray();
            if (take == 0) break;
        }
        return new DataOutcome(finished, offset - pending.Length, parser.Size, parser.TooBig, parser.BareLineFeed, parser.LoneCarriageReturn,
            Convert.ToHexString(output.WrittenSpan));
    }

    private sealed record DataOutcome(bool Finished, int Consumed, long Size, bool TooBig, bool BareLineFeed, bool LoneCarriageReturn, string Output);

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Sequence(byte[] data)
        {
            if (data.Length == 0) return ReadOnlySequence<byte>.Empty;
            var first = new Segment(data.AsMemory(0, 1), 0);
            var last = first;
            for (var i = 1; i < data.Length; i++)
            {
                var next = new Segment(data.AsMemory(i, 1), i);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, 1);
        }
    }

    private sealed class Handler : ISmtpTransactionHandler
    {
        public SmtpReply? CheckRecipient(SmtpSessionInfo session, string recipient) =>
            recipient.EndsWith("@refused.example", StringComparison.OrdinalIgnoreCase) ? new SmtpReply(550, "5.1.1", "refused") : null;

        public async Task<SmtpReply> HandleMessageAsync(SmtpTransaction transaction, CancellationToken cancellationToken)
        {
            await transaction.Content.CopyToAsync(Stream.Null, cancellationToken);
            return new SmtpReply(250, "2.0.0", $"Ok: {transaction.Size} octets");
        }
    }
}
