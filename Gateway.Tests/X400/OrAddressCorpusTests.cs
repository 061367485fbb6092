using Gateway.X400;

namespace Gateway.Tests.X400;

/// <summary>Real-world-shaped O/R addresses through all three forms: std-or-address, RFC 1685, and BER.</summary>
public sealed class OrAddressCorpusTests
{
    public static TheoryData<string> Corpus =>
    [
        "/S=x400test-orig/OU1=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/",
        "/S=x400test-recip/OU1=host/O=TestOrg/PRMD=TestPRMD/ADMD=TestADMD/C=GB/",
        "/CN=VVTSMHSA/OU1=VVTS/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/",
        "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/",
        "/G=Steve/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/",
        "/S=Smith/ADMD= /C=GB/",
        "/G=John/I=Q/S=Public/GQ=Jr/O=Acme/PRMD=Acme/ADMD= /C=US/",
        "/G=Anna/S=Berg/OU4=Desk 7/OU3=Oslo/OU2=North/OU1=Sales/O=Norsk Firma/PRMD=NF/ADMD=TELEMAX/C=NO/",
        "/DD.RFC-822=john(u)smith(a)example.com/O=SMTP-GW/PRMD=company/ADMD= /C=US/",
        "/DD.RFC-822=first.last(a)domain.com/PRMD=INTERNET/ADMD=ATLAS/C=FR/",
        "/DD.ID=12345/DD.DEPT=R+D/S=Lee/O=Org/ADMD=A/C=DE/",
        "/CN=Ops Desk/O=Airline/PRMD=AIRL/ADMD=ICAO/C=XX/",
        "/CN=EGLLZPZX/OU1=EGLL/O=EGTT/PRMD=EGTT/ADMD=ICAO/C=XX/",
        "/CN=LFPGYNYX/OU1=LFPG/O=LFFF/PRMD=FRANCE/ADMD=ICAO/C=XX/",
        "/S=Meyer/O=Bundesamt/PRMD=BUND/ADMD=DBP/C=276/",
        "/S=Rossi/O=Ministero/ADMD=0/C=IT/",
        "/G=Marie/S=Dupont/O=Societe/PRMD=SOC/ADMD=ATLAS/C=FR/",
        "/S=O'Brien/O=Eire Ltd/ADMD= /C=IE/",
        "/S=van der Berg/O=NL Bedrijf/PRMD=NLB/ADMD=400NET/C=NL/",
        "/G=J/S=Doe/OU1=a$/b/O=x$=y/ADMD= /C=US/",
        "/S=Test/O=US Army/PRMD=DMS/ADMD= /C=US/",
        "/CN=Watch Officer/OU1=J3/O=HQ/PRMD=NATO/ADMD= /C=BE/",
        "/S=Operator/O=Ship/PRMD=NAVY/ADMD= /C=GB/",
        "/G=Ana/S=Lopez/O=Empresa/PRMD=EMP/ADMD=MENSATEX/C=ES/",
        "/S=Jones/OU1=IT/O=Bank/PRMD=BANK/ADMD=MCI/C=US/",
        "/S=Postmaster/O=Gateway/PRMD=Example/ADMD= /C=XX/",
        "/CN=Registry/O=Org/PRMD=P/ADMD=A/C=CH/",
        "/G=Li/S=Wang/O=Company/PRMD=CO/ADMD=CNMAIL/C=CN/",
        "/S=Tanaka/O=Kaisha/PRMD=KK/ADMD=KDD/C=JP/",
        "/DD.X400=yes/S=Brown/O=Org/ADMD= /C=AU/",
        "/S=Kim/O=Org (Asia)/PRMD=P/ADMD=A/C=KR/",
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Survives_every_form(string text)
    {
        var address = OrAddress.Parse(text);
        Assert.Equal(text, address.ToString());
        Assert.Equal(address, OrAddress.Parse(address.ToRfc1685String()));
        Assert.Equal(address, MtsApduCodec.DecodeOrName(MtsApduCodec.EncodeOrName(new OrName(address))).Address);
    }
}
