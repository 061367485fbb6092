using System.Globalization;

namespace Gateway.Tests.Integration.Smtp;

/// <summary>A gateway with small, known limits (defaults elsewhere), relaying to an smtp-sink.</summary>
public sealed class LimitsGatewayFixture : SinkGatewayFixture
{
    public const long MaxMessageSize = 20_000;
    public const int MaxRecipients = 3;
    public const int MaxErrors = 10;

    /// <summary>The documented default of Gateway:Smtp:MaxCommandLineLength, CRLF included.</summary>
    public const int MaxCommandLineLength = 2048;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:Smtp:MaxMessageSize"] = MaxMessageSize.ToString(CultureInfo.InvariantCulture),
        ["Gateway:Smtp:MaxRecipients"] = MaxRecipients.ToString(CultureInfo.InvariantCulture),
        ["Gateway:Smtp:MaxErrors"] = MaxErrors.ToString(CultureInfo.InvariantCulture),
    };
}
