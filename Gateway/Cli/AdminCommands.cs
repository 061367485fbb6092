using Gateway.Configuration;
using Gateway.X400.Transport;
using Microsoft.Extensions.Options;

namespace Gateway.Cli;

/// <summary>
/// The admin verbs of the one executable (<c>Gateway &lt;verb&gt; …</c>). They read the same configuration as the
/// daemon, so <c>--Gateway:…=…</c> options apply to them too. No verb: the daemon runs.
/// </summary>
public static class AdminCommands
{
    private static readonly string[] Verbs = ["inspect", "check-config", "x400", "cert", "queue", "auth", "help"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    /// <summary>
    /// The verb with its own arguments, and the configuration overrides. After a verb an override is a
    /// <c>--Key=value</c> argument wherever it stands, so that verb options such as <c>--all-failed</c> or
    /// <c>--email ADDRESS</c> reach the verb; without a verb everything from the first <c>--</c> on is configuration,
    /// as the daemon has always read it.
    /// </summary>
    public static (string[] Positional, string[] Configuration) SplitArguments(string[] args)
    {
        var leading = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        if (!IsVerb(leading)) return (leading, args[leading.Length..]);
        static bool IsOverride(string a) => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal);
        return ([.. args.Where(a => !IsOverride(a))], [.. args.Where(IsOverride)]);
    }

    /// <summary>Runs the verb in <paramref name="positional"/>[0] and returns the exit code (sysexits.h values).</summary>
    /// <param name="time">The clock verbs read; the system's unless a test fixes it.</param>
    /// <param name="input">Where verbs read secrets from; standard input unless a test gives one.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> positional, IConfiguration configuration, TextWriter output, CancellationToken cancellationToken,
        TimeProvider? time = null, TextReader? input = null)
    {
        time ??= TimeProvider.System;
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.Section).Bind(options);
        new GatewayOptionsDefaults().PostConfigure(null, options);
        switch (positional[0])
        {
            case "check-config":
                var result = new GatewayOptionsValidator().Validate(null, options);
                if (result.Succeeded)
                {
                    await output.WriteLineAsync("configuration OK");
                    return 0;
                }
                foreach (var failure in result.Failures ?? []) await output.WriteLineAsync(failure);
                return 78;
            case "x400" when positional.Count > 2 && positional[1] == "make":
                return await X400MakeCommand.RunAsync([.. positional.Skip(2)], options.X400.GatewayAddress, output, time, cancellationToken);
            case "x400" when positional.Count == 3 && positional[1] == "dump":
                return await X400DumpCommand.RunAsync(positional[2], output, cancellationToken);
            case "queue" when positional.Count > 1:
                return await QueueCommand.RunAsync([.. positional.Skip(1)], new FileDropDirectories(options.X400DropDirectoryFullPath),
                    options.Smtp.MaxMessageSize, output, time, cancellationToken);
            case "cert" when positional.Count > 1:
                return await CertCommand.RunAsync([.. positional.Skip(1)],
                    CertificateServiceFactory.Create(options, time, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance), output,
                    time, cancellationToken);
            case "auth" when positional.Count > 1:
                return await AuthCommand.RunAsync([.. positional.Skip(1)], input ?? Console.In, output, Console.Error, cancellationToken);
            case "inspect" when positional.Count == 2:
                return await InspectCommand.RunAsync(positional[1], options.Smtp.MaxMessageSize, output, cancellationToken);
            default:
                await output.WriteLineAsync("""
                    usage: Gateway [verb] [--Gateway:Key=value …]
                      (no verb)          run the daemon
                      inspect FILE       classify and take apart a message (.eml), a CMS object (.der) or an X.400 file (.p1)
                      check-config       validate the configuration and exit (0 OK, 78 bad setting)
                      x400 dump FILE.p1  the P1 envelope and a content summary, as JSON
                      x400 make -f ORIGINATOR -t RECIPIENT [-t …] [-T CONTENT-TYPE] [-p PRIORITY] [-i CONTENT-ID] [-l LOCAL-ID] -o OUT CONTENT
                                         build a .p1 file (OUT may be a directory such as the drop's in/)
                    """ + "\n" + string.Join("\n", AuthCommand.Usage, CertCommand.Usage, QueueCommand.Usage));
                return positional[0] == "help" ? 0 : 64; // EX_USAGE
        }
    }
}
