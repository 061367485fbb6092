using Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Gateway.Operations;

/// <summary>
/// Says at start which secret files other users can reach. A warning, not a refusal: the daemon's own user may be
/// the only other user that matters (containers), and a gateway that will not start is worse than one that says why
/// its key is exposed — but the line is there for every start until the mode is fixed.
/// </summary>
public sealed partial class SecretFileWarnings(IOptions<GatewayOptions> options, ILogger<SecretFileWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var exposure in SecretFilePermissions.Find(options.Value))
        {
            LogExposed(logger, exposure.Key, exposure.Path, SecretFilePermissions.Octal(exposure.Mode), exposure.Problem);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning, Message = "{Key}: {Path} has mode {Mode}: {Problem}")]
    private static partial void LogExposed(ILogger logger, string key, string path, string mode, string problem);
}
