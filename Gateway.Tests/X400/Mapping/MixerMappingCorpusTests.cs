using Gateway.Tests.X400;
using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Tests.X400.Mapping;

/// <summary>The 31 real-world-shaped addresses of <see cref="OrAddressCorpusTests"/> through a mapping table: address → mailbox → the same address.</summary>
public sealed class MixerMappingCorpusTests
{
    private static readonly MixerMapping Mapper = new(OrAddress.Parse("/O=Gateway/PRMD=Example/ADMD= /C=XX/"), ["x400.example"],
    [
        new MappingRule("isode.com", OrAddress.Parse("/O=Isode/PRMD=Isode/ADMD= /C=GB/")),
        new MappingRule("testorg.example", OrAddress.Parse("/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/")),
        new MappingRule("bank.example", OrAddress.Parse("/PRMD=BANK/ADMD=MCI/C=US/"), MappingSide.Internet),
        new MappingRule("bund.example", OrAddress.Parse("/PRMD=BUND/ADMD=DBP/C=276/")),
        new MappingRule("navy.example", OrAddress.Parse("/PRMD=NAVY/ADMD= /C=GB/")),
        new MappingRule("company.cn.example", OrAddress.Parse("/O=Company/PRMD=CO/ADMD=CNMAIL/C=CN/"), MappingSide.Internet),
    ]);

    public static TheoryData<string, string> Mapped => new()
    {
        { "/S=x400test-orig/OU1=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/", "x400test-orig@host.testorg.example" },
        { "/S=x400test-recip/OU1=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/", "x400test-recip@host.testorg.example" },
        { "/CN=VVTSMHSA/OU1=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/", "/CN=VVTSMHSA/OU1=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/@x400.example" },
        { "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/", "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/@x400.example" },
        { "/G=Steve/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/", "Steve.Kille@isode.com" },
        { "/S=Smith/ADMD= /C=GB/", "\"/S=Smith/ADMD= /C=GB/\"@x400.example" },
        { "/G=John/I=Q/S=Public/GQ=Jr/O=Acme/PRMD=Acme/ADMD= /C=US/", "\"/G=John/I=Q/S=Public/GQ=Jr/O=Acme/PRMD=Acme/ADMD= /C=US/\"@x400.example" },
        { "/G=Anna/S=Berg/OU4=Desk 7/OU3=Oslo/OU2=North/OU1=Sales/O=Norsk Firma/PRMD=NF/ADMD=TELEMAX/C=NO/",
            "\"/G=Anna/S=Berg/OU4=Desk 7/OU3=Oslo/OU2=North/OU1=Sales/O=Norsk Firma/PRMD=NF/ADMD=TELEMAX/C=NO/\"@x400.example" },
        { "/DD.RFC-822=john(u)smith(a)example.com/O=SMTP-GW/PRMD=company/ADMD= /C=US/",
            "\"/DD.RFC-822=john(u)smith(a)example.com/O=SMTP-GW/PRMD=company/ADMD= /C=US/\"@x400.example" },
        { "/DD.RFC-822=first.last(a)domain.com/PRMD=INTERNET/ADMD=ATLAS/C=FR/", "\"/DD.RFC-822=first.last(a)domain.com/PRMD=INTERNET/ADMD=ATLAS/C=FR/\"@x400.example" },
        { "/DD.ID=12345/DD.DEPT=R+D/S=Lee/O=Org/ADMD=A/C=DE/", "/DD.ID=12345/DD.DEPT=R+D/S=Lee/O=Org/ADMD=A/C=DE/@x400.example" },
        { "/CN=Ops Desk/O=Airline/PRMD=AIRL/ADMD=ICAO/C=XX/", "\"/CN=Ops Desk/O=Airline/PRMD=AIRL/ADMD=ICAO/C=XX/\"@x400.example" },
        { "/CN=EGLLZPZX/OU1=EGLL/O=EGTT/PRMD=EGTT/ADMD=ICAO/C=XX/", "/CN=EGLLZPZX/OU1=EGLL/O=EGTT/PRMD=EGTT/ADMD=ICAO/C=XX/@x400.example" },
        { "/CN=LFPGYNYX/OU1=LFPG/O=LFFF/PRMD=FRANCE/ADMD=ICAO/C=XX/", "/CN=LFPGYNYX/OU1=LFPG/O=LFFF/PRMD=FRANCE/ADMD=ICAO/C=XX/@x400.example" },
        { "/S=Meyer/O=Bundesamt/PRMD=BUND/ADMD=DBP/C=276/", "Meyer@Bundesamt.bund.example" },
        { "/S=Rossi/O=Ministero/ADMD=0/C=IT/", "/S=Rossi/O=Ministero/ADMD=0/C=IT/@x400.example" },
        { "/G=Marie/S=Dupont/O=Societe/PRMD=SOC/ADMD=ATLAS/C=FR/", "/G=Marie/S=Dupont/O=Societe/PRMD=SOC/ADMD=ATLAS/C=FR/@x400.example" },
        { "/S=O'Brien/O=Eire Ltd/ADMD= /C=IE/", "\"/S=O'Brien/O=Eire Ltd/ADMD= /C=IE/\"@x400.example" },
        { "/S=van der Berg/O=NL Bedrijf/PRMD=NLB/ADMD=400NET/C=NL/", "\"/S=van der Berg/O=NL Bedrijf/PRMD=NLB/ADMD=400NET/C=NL/\"@x400.example" },
        { "/G=J/S=Doe/OU1=a$/b/O=x$=y/ADMD= /C=US/", "\"/G=J/S=Doe/OU1=a$/b/O=x$=y/ADMD= /C=US/\"@x400.example" },
        { "/S=Test/O=US Army/PRMD=DMS/ADMD= /C=US/", "\"/S=Test/O=US Army/PRMD=DMS/ADMD= /C=US/\"@x400.example" },
        { "/CN=Watch Officer/OU1=J3/O=HQ/PRMD=NATO/ADMD= /C=BE/", "\"/CN=Watch Officer/OU1=J3/O=HQ/PRMD=NATO/ADMD= /C=BE/\"@x400.example" },
        { "/S=Operator/O=Ship/PRMD=NAVY/ADMD= /C=GB/", "Operator@Ship.navy.example" },
        { "/G=Ana/S=Lopez/O=Empresa/PRMD=EMP/ADMD=MENSATEX/C=ES/", "/G=Ana/S=Lopez/O=Empresa/PRMD=EMP/ADMD=MENSATEX/C=ES/@x400.example" },
        { "/S=Jones/OU1=IT/O=Bank/PRMD=BANK/ADMD=MCI/C=US/", "Jones@IT.Bank.bank.example" },
        { "/S=Postmaster/O=Gateway/PRMD=Example/ADMD= /C=XX/", "Postmaster@x400.example" },
        { "/CN=Registry/O=Org/PRMD=P/ADMD=A/C=CH/", "/CN=Registry/O=Org/PRMD=P/ADMD=A/C=CH/@x400.example" },
        { "/G=Li/S=Wang/O=Company/PRMD=CO/ADMD=CNMAIL/C=CN/", "Li.Wang@company.cn.example" },
        { "/S=Tanaka/O=Kaisha/PRMD=KK/ADMD=KDD/C=JP/", "/S=Tanaka/O=Kaisha/PRMD=KK/ADMD=KDD/C=JP/@x400.example" },
        { "/DD.X400=yes/S=Brown/O=Org/ADMD= /C=AU/", "\"/DD.X400=yes/S=Brown/O=Org/ADMD= /C=AU/\"@x400.example" },
        { "/S=Kim/O=Org (Asia)/PRMD=P/ADMD=A/C=KR/", "\"/S=Kim/O=Org (Asia)/PRMD=P/ADMD=A/C=KR/\"@x400.example" },
    };

    [Fact]
    public void The_table_covers_the_whole_corpus() =>
        Assert.Equal(FirstColumn(OrAddressCorpusTests.Corpus).Order(), FirstColumn(Mapped).Order());

    private static IEnumerable<string> FirstColumn(IEnumerable<object[]> rows) => rows.Select(row => (string)row[0]);

    [Theory]
    [MemberData(nameof(Mapped))]
    public void Each_address_maps_to_its_mailbox_and_back_to_the_identical_address(string text, string mailbox)
    {
        var address = OrAddress.Parse(text);

        Assert.Equal(mailbox, Mapper.ToMailbox(new OrName(address)));
        Assert.True(Mapper.TryMapSmtpMailbox(mailbox, out var asOriginator, out var error), error);
        Assert.Equal(text, asOriginator.Address.ToString());
        if (Mapper.IsX400Recipient(mailbox))
        {
            Assert.True(Mapper.TryMapX400Recipient(mailbox, out var asRecipient, out error), error);
            Assert.Equal(text, asRecipient.Address.ToString());
        }
    }
}
