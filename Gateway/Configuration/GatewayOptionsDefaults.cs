using Microsoft.Extensions.Options;

namespace Gateway.Configuration;

/// <summary>
/// Fills in list defaults after binding. Lists cannot carry their defaults in the class, because the
/// configuration binder appends configured items to them instead of replacing them.
/// </summary>
public sealed class GatewayOptionsDefaults : IPostConfigureOptions<GatewayOptions>
{
    public void PostConfigure(string? name, GatewayOptions options)
    {
        if (options.Smtp.TrustedNetworks.Length == 0) options.Smtp.TrustedNetworks = SmtpOptions.DefaultTrustedNetworks;
        if (options.X400.LocalDomains.Length == 0) options.X400.LocalDomains = X400Options.DefaultLocalDomains;
    }
}
