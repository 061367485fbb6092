namespace Gateway.Tests.Cms;

/// <summary>The CMS inspection tests share one set of keys: DSA parameter generation alone takes a while.</summary>
[CollectionDefinition(Name)]
public sealed class CmsVectorCollection : ICollectionFixture<CmsVectorFixture>
{
    public const string Name = "CMS vectors";
}
