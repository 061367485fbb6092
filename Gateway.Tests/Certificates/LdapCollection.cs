namespace Gateway.Tests.Certificates;

/// <summary>The LDAP tests share one slapd and the PKI published in it.</summary>
[CollectionDefinition(Name)]
public sealed class LdapCollection : ICollectionFixture<LdapFixture>
{
    public const string Name = "LDAP directory (slapd)";
}
