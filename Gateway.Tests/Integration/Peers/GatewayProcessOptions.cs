namespace Gateway.Tests.Integration.Peers;

/// <summary>How a <see cref="GatewayProcess"/> is started; ports left null are picked free.</summary>
public sealed record GatewayProcessOptions
{
    /// <summary>Gateway:Smtp:NextHop port on 127.0.0.1 (a Postfix re-injection port or an smtp-sink).</summary>
    public required int NextHopPort { get; init; }

    /// <summary>Gateway:Smtp:Listen port; set it when a Postfix instance was already told where its filter is.</summary>
    public int? SmtpPort { get; init; }

    public int? HttpPort { get; init; }

    /// <summary>
    /// An existing working directory to run in (its <c>var/</c> kept): a restart after a kill. The caller owns it, so
    /// disposing the process leaves it in place. Null: a fresh one, deleted on dispose.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// The gateway's stdout and stderr into <c>output.log</c> in its working directory, as a deployment's journal or Postfix's postlogd keeps them, instead of a
    /// pipe this process reads line by line: the bench's way. Reading the three lines of each message through a pipe (an
    /// asynchronous reader waking a pool thread per line) took about 6 % of the bench machine's two cores away from the
    /// gateway under load (perf). False: the pipe, read into <see cref="GatewayProcess.Output"/> as it comes.
    /// </summary>
    public bool OutputToFile { get; init; }

    /// <summary>
    /// A command that runs the gateway as its last arguments and becomes it (<c>exec</c>), as a supervisor would start it,
    /// e.g. <c>["chrt", "--batch", "0"]</c>; the process id is still the gateway's. Empty: the gateway is started directly.
    /// </summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>More configuration as command-line keys, e.g. ["Gateway:X400:LocalDomains:0"] = "x400.example".</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
