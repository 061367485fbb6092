using Gateway.Configuration;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Tests.Configuration;

/// <summary>Gateway:X400:Mappings as operators write it: bound from configuration, checked at start with the key named.</summary>
public sealed class MappingOptionsValidationTests
{
    private static GatewayOptions Bind(params (string Key, string Value)[] settings) => OptionsBinding.Bind(settings);

    private static List<string> Errors(params (string Key, string Value)[] settings) => OptionsBinding.Errors(settings);

    private static (string, string)[] Entry(int index, string domain, string prefix, string? side = null) =>
    [
        ($"Gateway:X400:Mappings:{index}:Domain", domain),
        ($"Gateway:X400:Mappings:{index}:OrPrefix", prefix),
        .. side is null ? Array.Empty<(string, string)>() : [($"Gateway:X400:Mappings:{index}:Side", side)],
    ];

    [Fact]
    public void A_table_binds_into_rules_with_X400_as_the_default_side()
    {
        var options = Bind([.. Entry(0, "acme.co.uk", "/O=Acme/PRMD=Acme/ADMD= /C=GB/"), .. Entry(1, "example.com", "C=US;A= ;P=Internet;O=Example", "internet")]);

        Assert.Empty(new GatewayOptionsValidator().Validate(null, options).Failures ?? []);
        Assert.Equal(
            [
                new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/"), MappingSide.X400),
                new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
            ],
            options.X400.Mappings.Select(m => m.ToRule()));
    }

    [Fact]
    public void No_table_is_valid() => Assert.Empty(Errors());

    [Theory]
    [InlineData("/O=Acme/C=GB", "Gateway:X400:Mappings:0:OrPrefix: '/O=Acme/C=GB' is not an O/R address: a std-or-address must end with '/'")]
    [InlineData("/O=Acme/PRMD=Acme/ADMD= /C=G/", "Gateway:X400:Mappings:0:OrPrefix: '/O=Acme/PRMD=Acme/ADMD= /C=G/' is not an O/R address: C 'G' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("", "Gateway:X400:Mappings:0:OrPrefix: '' is not an O/R address: the O/R address is empty")]
    [InlineData("/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/",
        "Gateway:X400:Mappings:0:OrPrefix: '/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/' holds S; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4")]
    [InlineData("/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/",
        "Gateway:X400:Mappings:0:OrPrefix: '/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/' holds G, S; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4")]
    [InlineData("/DD.RFC-822=a(a)b.c/CN=Desk/O=Acme/ADMD= /C=GB/",
        "Gateway:X400:Mappings:0:OrPrefix: '/DD.RFC-822=a(a)b.c/CN=Desk/O=Acme/ADMD= /C=GB/' holds CN, DD.RFC-822; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4")]
    [InlineData("/O=Acme/PRMD=Acme/C=GB/", "Gateway:X400:Mappings:0:OrPrefix: '/O=Acme/PRMD=Acme/C=GB/' needs C= and ADMD= (they name the management domain)")]
    public void A_bad_prefix_is_named_by_its_key(string prefix, string expected) =>
        Assert.Equal([expected], Errors(Entry(0, "acme.co.uk", prefix)));

    [Theory]
    [InlineData("acme..co.uk")]
    [InlineData("acme.co.uk.")]
    [InlineData("-acme.co.uk")]
    [InlineData("ac me.co.uk")]
    [InlineData("acme_corp.co.uk")]
    [InlineData("")]
    public void A_bad_domain_is_named_by_its_key(string domain) =>
        Assert.Equal([$"Gateway:X400:Mappings:1:Domain: '{domain}' is not a domain name"],
            Errors([.. Entry(0, "example.com", "/O=Example/PRMD=Internet/ADMD= /C=US/"), .. Entry(1, domain, "/O=Acme/PRMD=Acme/ADMD= /C=GB/")]));

    [Fact]
    public void A_domain_twice_is_refused_at_the_second() =>
        Assert.Equal(["Gateway:X400:Mappings:2:Domain: 'ACME.co.uk' is already mapped by Gateway:X400:Mappings:0"],
            Errors(
            [
                .. Entry(0, "acme.co.uk", "/O=Acme/PRMD=Acme/ADMD= /C=GB/"),
                .. Entry(1, "example.com", "/O=Example/PRMD=Internet/ADMD= /C=US/"),
                .. Entry(2, "ACME.co.uk", "/O=Acme2/PRMD=Acme/ADMD= /C=GB/"),
            ]));

    [Fact]
    public void A_prefix_twice_is_refused_at_the_second() =>
        Assert.Equal(["Gateway:X400:Mappings:1:OrPrefix: '/O=ACME/PRMD=Acme/ADMD= /C=GB/' is already the prefix of Gateway:X400:Mappings:0"],
            Errors([.. Entry(0, "acme.co.uk", "/O=Acme/PRMD=Acme/ADMD= /C=GB/"), .. Entry(1, "acme.com", "/O=ACME/PRMD=Acme/ADMD= /C=GB/")]));

    [Fact]
    public void A_local_domain_or_the_gateway_address_cannot_be_mapped_again() =>
        Assert.Equal(
            [
                "Gateway:X400:Mappings:0:Domain: 'x400.example' is in Gateway:X400:LocalDomains, whose users map under Gateway:X400:GatewayAddress",
                "Gateway:X400:Mappings:1:OrPrefix: '/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/' is Gateway:X400:GatewayAddress, which Gateway:X400:LocalDomains map to",
            ],
            Errors([.. Entry(0, "x400.example", "/O=Acme/PRMD=Acme/ADMD= /C=GB/"), .. Entry(1, "gw.example", "/O=CMS-X400-Gateway/PRMD=Example/ADMD= /C=XX/")]));

    [Theory]
    [InlineData("X.400")]
    [InlineData("SMTP")]
    [InlineData("1")]
    public void A_side_other_than_X400_or_Internet_is_named_by_its_key(string side) =>
        Assert.Equal([$"Gateway:X400:Mappings:0:Side: '{side}' is neither X400 nor Internet"],
            Errors(Entry(0, "acme.co.uk", "/O=Acme/PRMD=Acme/ADMD= /C=GB/", side)));

    [Fact]
    public void The_gateway_address_must_be_a_prefix_too() =>
        Assert.Equal(
            ["Gateway:X400:GatewayAddress: '/S=Gateway/O=GW/PRMD=Example/ADMD= /C=XX/' holds S; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4"],
            Errors(("Gateway:X400:GatewayAddress", "/S=Gateway/O=GW/PRMD=Example/ADMD= /C=XX/")));

    [Fact]
    public void Every_bad_entry_is_reported_at_once() =>
        Assert.Equal(
            [
                "Gateway:X400:Mappings:0:Domain: 'bad domain' is not a domain name",
                "Gateway:X400:Mappings:0:OrPrefix: '/S=x/ADMD= /C=GB/' holds S; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4",
                "Gateway:X400:Mappings:0:Side: 'both' is neither X400 nor Internet",
            ],
            Errors(Entry(0, "bad domain", "/S=x/ADMD= /C=GB/", "both")));
}
