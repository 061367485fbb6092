namespace Gateway.Tests.EmailAuth;

/// <summary>The SPF tests share one DNS server serving <see cref="SpfZone.Records"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SpfCollection : ICollectionFixture<SpfZone>
{
    public const string Name = "SPF zone (dnsmasq)";
}
