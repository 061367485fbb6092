using System.Globalization;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// A swaks run: its exit code (swaks(1) "EXIT CODES": 0 all accepted, 24 no recipient accepted,
/// 25 DATA refused, 26 message refused after the data) and its transcript, in which server lines start
/// with "&lt;-  " (expected reply) or "&lt;** " (unexpected reply) and client lines with " -> ".
/// Deconstructs as (exitCode, transcript).
/// </summary>
public sealed record SwaksResult(int ExitCode, string Transcript)
{
    /// <summary>The server's whole reply to the end of the message data (all lines of a multi-line reply), or null if the data was never sent.</summary>
    public string? DataReply => ReplyAfter(line => line.StartsWith("354", StringComparison.Ordinal), skipClientLines: true);

    /// <summary>The three-digit code of <see cref="DataReply"/>.</summary>
    public int? DataReplyCode => Code(DataReply);

    /// <summary>
    /// The server's reply to the first client command starting with <paramref name="commandPrefix"/>
    /// (e.g. "RCPT TO:&lt;x@y&gt;", "MAIL FROM", "EHLO"), or null if it was not sent.
    /// </summary>
    public string? ReplyTo(string commandPrefix)
    {
        var lines = Lines();
        for (var i = 0; i < lines.Count; i++)
        {
            if (IsClient(lines[i]) && lines[i][ClientPrefix.Length..].StartsWith(commandPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return CollectReply(lines, i + 1);
            }
        }

        return null;
    }

    public static int? Code(string? reply) =>
        reply is { Length: >= 3 } && int.TryParse(reply.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;

    private const string ClientPrefix = " -> ";

    private string? ReplyAfter(Func<string, bool> serverReply, bool skipClientLines)
    {
        var lines = Lines();
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (IsServer(lines[i]) && serverReply(ServerText(lines[i])))
            {
                var next = i + 1;
                while (skipClientLines && next < lines.Count && IsClient(lines[next]))
                {
                    next++;
                }

                return next < lines.Count && IsServer(lines[next]) ? CollectReply(lines, next) : null;
            }
        }

        return null;
    }

    private static string? CollectReply(List<string> lines, int start)
    {
        var reply = new List<string>();
        for (var i = start; i < lines.Count && IsServer(lines[i]); i++)
        {
            reply.Add(ServerText(lines[i]));
        }

        return reply.Count == 0 ? null : string.Join("\n", reply);
    }

    private List<string> Lines() => Transcript.Replace("\r", "", StringComparison.Ordinal).Split('\n').ToList();

    // Inside TLS swaks writes " ~> " and "<~  " / "<~* " instead.
    private static bool IsClient(string line) => line.StartsWith(ClientPrefix, StringComparison.Ordinal) || line.StartsWith(" ~> ", StringComparison.Ordinal);

    private static bool IsServer(string line) =>
        line.StartsWith("<-  ", StringComparison.Ordinal) || line.StartsWith("<** ", StringComparison.Ordinal)
        || line.StartsWith("<~  ", StringComparison.Ordinal) || line.StartsWith("<~* ", StringComparison.Ordinal);

    private static string ServerText(string line) => line[4..];
}
