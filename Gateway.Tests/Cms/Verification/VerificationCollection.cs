namespace Gateway.Tests.Cms.Verification;

/// <summary>The verification tests share one PKI: DSA parameter generation alone takes seconds.</summary>
[CollectionDefinition(Name)]
public sealed class VerificationCollection : ICollectionFixture<VerificationPki>
{
    public const string Name = "CMS verification PKI";
}
