using Gateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

/// <summary>Options as the daemon gets them: bound from configuration keys, defaults filled in, then validated.</summary>
internal static class OptionsBinding
{
    public static GatewayOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.Section).Bind(options);
        new GatewayOptionsDefaults().PostConfigure(null, options);
        return options;
    }

    public static List<string> Errors(params (string Key, string Value)[] settings) =>
        [.. new GatewayOptionsValidator().Validate(null, Bind(settings)).Failures ?? []];
}
