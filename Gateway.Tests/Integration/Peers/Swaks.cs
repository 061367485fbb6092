using System.Globalization;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// swaks as an independent SMTP client. The message goes out byte for byte: swaks runs with
/// --no-data-fixup (else it would replace %DATE%-style tokens, strip "From " lines, and rewrite line
/// ends inside the message), so this class does what swaks then no longer does: CRLF line ends,
/// dot-stuffing, and the final dot (swaks appends only the CRLF after it).
/// </summary>
public static class Swaks
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <param name="extraArguments">More swaks options, e.g. "--quit-after", "RCPT", "--pipeline", "--tls".</param>
    /// <param name="suppressData">Show "N lines sent" instead of the message in the transcript.</param>
    public static async Task<SwaksResult> SendAsync(
        int port,
        string from,
        IReadOnlyList<string> to,
        byte[] data,
        IEnumerable<string>? extraArguments = null,
        bool suppressData = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(data);
        var file = Path.Combine(Path.GetTempPath(), $"swaks-{Guid.NewGuid():N}.eml");
        await File.WriteAllBytesAsync(file, WireForm(data), cancellationToken);
        try
        {
            List<string> arguments =
            [
                "--server", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                "--from", from,
                "--to", string.Join(',', to),
                "--ehlo", "swaks.client.test",
                "--data", "@" + file,
                "--no-data-fixup",
                "--timeout", "60s",

                // One ordered transcript: swaks writes unexpected replies to stderr, the rest to stdout.
                "--output-file-stderr", "&STDOUT",
            ];
            if (suppressData)
            {
                arguments.Add("--suppress-data");
            }

            arguments.AddRange(extraArguments ?? []);
            var result = await ProcessRunner.RunAsync("swaks", arguments, timeout: Timeout, cancellationToken: cancellationToken);
            return new SwaksResult(result.ExitCode, result.StandardOutput + result.StandardError);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static async Task<SwaksResult> SendAsync(
        int port,
        string from,
        IReadOnlyList<string> to,
        string dataFile,
        IEnumerable<string>? extraArguments = null,
        bool suppressData = true,
        CancellationToken cancellationToken = default) =>
        await SendAsync(port, from, to, await File.ReadAllBytesAsync(dataFile, cancellationToken), extraArguments, suppressData, cancellationToken);

    /// <summary>The DATA payload as it goes on the wire, minus the CRLF swaks adds after the final dot.</summary>
    internal static byte[] WireForm(byte[] message)
    {
        var wire = new List<byte>(message.Length + 64);
        var atLineStart = true;
        for (var i = 0; i < message.Length; i++)
        {
            var b = message[i];
            if (atLineStart && b == (byte)'.')
            {
                wire.Add((byte)'.');
            }

            if (b == (byte)'\n' && (i == 0 || message[i - 1] != (byte)'\r'))
            {
                wire.Add((byte)'\r');
            }

            wire.Add(b);
            atLineStart = b == (byte)'\n';
        }

        if (!atLineStart)
        {
            wire.Add((byte)'\r');
            wire.Add((byte)'\n');
        }

        wire.Add((byte)'.');
        return [.. wire];
    }
}
