using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Integration;

/// <summary>
/// A real gateway process with a MIXER mapping table on its command line, as an operator would configure it, and an
/// smtp-sink as its next hop: acme.co.uk is an X.400 domain, example.com an Internet domain with readable O/R addresses.
/// </summary>
public sealed class MappingGatewayFixture : SinkGatewayFixture
{
    public const string AcmePrefix = "/O=Acme/PRMD=Acme/ADMD= /C=GB/";
    public const string ExamplePrefix = "/O=Example/PRMD=Internet/ADMD= /C=US/";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:X400:Mappings:0:Domain"] = "acme.co.uk",
        ["Gateway:X400:Mappings:0:OrPrefix"] = AcmePrefix,
        ["Gateway:X400:Mappings:1:Domain"] = "example.com",
        ["Gateway:X400:Mappings:1:OrPrefix"] = ExamplePrefix,
        ["Gateway:X400:Mappings:1:Side"] = "Internet",
    };
}
