namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// Tests that need the OpenSSL CA and certificates join this collection (`[Collection(OpenSslCollection.Name)]`),
/// so the keys are generated once per run rather than once per test class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OpenSslCollection : ICollectionFixture<OpenSslCms>
{
    public const string Name = "OpenSSL CMS";
}
