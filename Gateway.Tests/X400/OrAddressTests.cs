using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class OrAddressTests
{
    [Theory]
    [InlineData("/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/")]
    [InlineData("/CN=VVTSMHSA/OU1=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/")]
    [InlineData("/S=x400test-orig/OU1=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/")]
    [InlineData("/G=John/I=Q/S=Smith/GQ=Jr/OU2=Sales/OU1=Europe/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("/DD.RFC-822=first(u)last(a)domain.com/PRMD=INTERNET/ADMD=ATLAS/C=FR/")]
    [InlineData("/S=Smith/ADMD=0/C=234/")]
    public void Std_or_address_formats_back_to_the_same_text(string text)
    {
        var address = OrAddress.Parse(text);

        Assert.Equal(text, address.ToString());
        Assert.Equal(address, OrAddress.Parse(address.ToString()));
    }

    [Fact]
    public void Parse_reads_every_attribute_into_its_property()
    {
        var a = OrAddress.Parse("/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/");

        Assert.Equal(new OrAddress { GivenName = "Andy", Surname = "Wharol", Organization = "MMNY", AdministrationDomain = "ATT", Country = "US" }, a);
    }

    [Fact]
    public void ToString_writes_least_significant_first_and_C_last()
    {
        var a = new OrAddress
        {
            Country = "GB",
            AdministrationDomain = " ",
            PrivateDomain = "Acme",
            Organization = "Acme",
            OrganizationalUnits = ["x"],
            Surname = "Smith",
            GivenName = "John",
        };

        Assert.Equal("/G=John/S=Smith/OU1=x/O=Acme/PRMD=Acme/ADMD= /C=GB/", a.ToString());
    }

    [Fact]
    public void Dollar_quotes_slash_equals_and_dollar_in_values_and_types()
    {
        var a = new OrAddress
        {
            Country = "GB",
            Organization = "A/B=C",
            DomainDefinedAttributes = [new DomainDefinedAttribute("X=Y", "1/2")],
        };

        var text = a.ToString();

        Assert.Equal("/DD.X$=Y=1$/2/O=A$/B$=C/C=GB/", text);
        Assert.Equal(a, OrAddress.Parse(text));
    }

    [Fact]
    public void Dollar_dollar_is_a_literal_dollar_which_PrintableString_then_refuses()
    {
        Assert.False(OrAddress.TryParse("/O=Cost$$/C=GB/", out _, out var error));
        Assert.Equal("O contains '$' at position 5, which is not a PrintableString character", error);
    }

    [Fact]
    public void Rfc1685_form_is_accepted_with_aliases_and_any_keyword_case()
    {
        var a = OrAddress.Parse("C=GB;A= ;P=Isode;O=Isode;S=Kille;G=Steve;q=Jr;DDA:RFC-822=x(a)y");

        Assert.Equal(
            new OrAddress
            {
                Country = "GB",
                AdministrationDomain = " ",
                PrivateDomain = "Isode",
                Organization = "Isode",
                Surname = "Kille",
                GivenName = "Steve",
                GenerationQualifier = "Jr",
                DomainDefinedAttributes = [new DomainDefinedAttribute("RFC-822", "x(a)y")],
            },
            a);
    }

    [Fact]
    public void Rfc1685_form_with_spaces_after_separators_keeps_the_blank_ADMD()
    {
        var a = OrAddress.Parse("c=us; a= ; p=company; o=SMTP-GW; OU=Mail; OU=Hub; DDA:RFC-822=user(a)example.com;");

        Assert.Equal(" ", a.AdministrationDomain);
        Assert.Equal("company", a.PrivateDomain);
        Assert.Equal(["Mail", "Hub"], a.OrganizationalUnits);
        Assert.Equal("C=us;A= ;P=company;O=SMTP-GW;OU1=Mail;OU2=Hub;DDA:RFC-822=user(a)example.com", a.ToRfc1685String());
        Assert.Equal(a, OrAddress.Parse(a.ToRfc1685String()));
    }

    [Fact]
    public void Unnumbered_OUs_in_the_std_form_are_deepest_first()
    {
        var a = OrAddress.Parse("/S=Smith/OU=Sales/OU=Europe/O=Acme/C=GB/");

        Assert.Equal(["Europe", "Sales"], a.OrganizationalUnits);
        Assert.Equal("/S=Smith/OU2=Sales/OU1=Europe/O=Acme/C=GB/", a.ToString());
    }

    [Theory]
    [InlineData("", "the O/R address is empty")]
    [InlineData("/", "the O/R address has no attributes")]
    [InlineData("/S=Smith/C=GB", "a std-or-address must end with '/'")]
    [InlineData("/S=Smith//C=GB/", "empty component at position 10 (two '/' in a row)")]
    [InlineData("/Smith/C=GB/", "component 'Smith' at position 2 has no '='")]
    [InlineData("/S=Smith$", "a '$' at the end of the address quotes nothing")]
    [InlineData("/S=Smith/S=Jones/C=GB/", "S appears more than once")]
    [InlineData("/Z=1/C=GB/", "unknown attribute 'Z'")]
    [InlineData("/X121=1234/C=GB/", "attribute X121 is not supported by this gateway")]
    [InlineData("/G=John/C=GB/", "G is set but S is missing; an X.411 personal-name requires a surname")]
    [InlineData("/S=a@b/C=GB/", "S contains '@' at position 2, which is not a PrintableString character")]
    [InlineData("/S=Smith/C=GBR/", "C 'GBR' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("/S=Smith/PRMD=ABCDEFGHIJKLMNOPQ/C=GB/", "PRMD is 17 characters long; X.411 allows at most 16")]
    [InlineData("/S=Smith/ADMD=ABCDEFGHIJKLMNOPQ/C=GB/", "ADMD is 17 characters long; X.411 allows at most 16")]
    [InlineData("/I=ABCDEF/S=Smith/C=GB/", "I is 6 characters long; X.411 allows at most 5")]
    [InlineData("/S=Smith/GQ=IIII/C=GB/", "GQ is 4 characters long; X.411 allows at most 3")]
    [InlineData("/G=ABCDEFGHIJKLMNOPQ/S=Smith/C=GB/", "G is 17 characters long; X.411 allows at most 16")]
    [InlineData("/S=Smith/O=/C=GB/", "O is empty")]
    [InlineData("/S=Smith/OU3=a/OU1=b/C=GB/", "OU3 is given without OU2")]
    [InlineData("/S=Smith/OU=a/OU1=b/C=GB/", "OU and OU1..OU4 cannot be mixed in one address")]
    [InlineData("/S=Smith/OU=a/OU=b/OU=c/OU=d/OU=e/C=GB/", "OU has 5 organizational units; X.411 allows at most 4")]
    [InlineData("/DD.ABCDEFGHI=x/C=GB/", "DD type is 9 characters long; X.411 allows at most 8")]
    [InlineData("/DD.=x/C=GB/", "domain-defined attribute 'DD.' has no type")]
    [InlineData("C=GB;S", "component 'S' has no '='")]
    public void Invalid_addresses_are_refused_with_a_precise_reason(string text, string expected)
    {
        Assert.False(OrAddress.TryParse(text, out var address, out var error));
        Assert.Null(address);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Upper_bounds_for_O_OU_S_CN_and_DDA_value_are_those_of_X411()
    {
        string Of(int n) => new('a', n);

        Assert.True(OrAddress.TryParse($"/CN={Of(64)}/S={Of(40)}/OU1={Of(32)}/O={Of(64)}/C=GB/", out _, out _));
        Assert.Equal("O is 65 characters long; X.411 allows at most 64", Error($"/S=x/O={Of(65)}/C=GB/"));
        Assert.Equal("OU1 is 33 characters long; X.411 allows at most 32", Error($"/S=x/OU1={Of(33)}/C=GB/"));
        Assert.Equal("S is 41 characters long; X.411 allows at most 40", Error($"/S={Of(41)}/C=GB/"));
        Assert.Equal("CN is 65 characters long; X.411 allows at most 64", Error($"/CN={Of(65)}/C=GB/"));
        Assert.True(OrAddress.TryParse($"/DD.RFC-822={Of(128)}/C=GB/", out _, out _));
        Assert.Equal("DD.RFC-822 is 129 characters long; X.411 allows at most 128", Error($"/DD.RFC-822={Of(129)}/C=GB/"));

        static string? Error(string text) => OrAddress.TryParse(text, out _, out var error) ? null : error;
    }

    [Fact]
    public void Parse_throws_FormatException_carrying_the_reason()
    {
        var e = Assert.Throws<FormatException>(() => OrAddress.Parse("/S=a_b/C=GB/"));
        Assert.Equal("Invalid O/R address '/S=a_b/C=GB/': S contains '_' at position 2, which is not a PrintableString character", e.Message);
    }

    [Fact]
    public void Equality_compares_list_contents_not_list_instances()
    {
        var a = new OrAddress { Surname = "S", OrganizationalUnits = new List<string> { "a", "b" }, DomainDefinedAttributes = [new("T", "V")] };
        var b = new OrAddress { Surname = "S", OrganizationalUnits = ["a", "b"], DomainDefinedAttributes = new List<DomainDefinedAttribute> { new("T", "V") } };
        var c = b with { OrganizationalUnits = ["b", "a"] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Lists_are_copied_so_later_changes_to_the_callers_list_do_not_leak_in()
    {
        var units = new List<string> { "a" };
        var a = new OrAddress { Surname = "S", OrganizationalUnits = units };

        units.Add("b");

        Assert.Equal(["a"], a.OrganizationalUnits);
    }
}
