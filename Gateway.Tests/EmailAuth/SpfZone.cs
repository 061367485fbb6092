using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.EmailAuth;

/// <summary>The email-authentication test zone (SPF, DMARC, a DKIM key), served by a real DNS server for the whole collection, and the SPF case table.</summary>
public sealed class SpfZone : IAsyncLifetime
{
    public static readonly string[] Records =
    [
        "txt-record=pass.test,\"v=spf1 ip4:192.0.2.0/24 -all\"",
        "txt-record=soft.test,\"v=spf1 ~all\"",
        "txt-record=neutral.test,\"v=spf1 ?all\"",
        "host-record=none.test,192.0.2.1",
        "txt-record=none.test,\"some other text\"",
        "txt-record=two.test,\"v=spf1 -all\"",
        "txt-record=two.test,\"v=spf1 +all\"",
        "txt-record=badip.test,\"v=spf1 ip4:192.0.2.300 -all\"",
        "txt-record=badmech.test,\"v=spf1 foo:bar -all\"",
        "txt-record=a.test,\"v=spf1 a -all\"",
        "host-record=a.test,192.0.2.33",
        "txt-record=acidr.test,\"v=spf1 a:host.acidr.test/24 -all\"",
        "host-record=host.acidr.test,198.51.100.7",
        "txt-record=mx.test,\"v=spf1 mx -all\"",
        "mx-host=mx.test,mail.mx.test,10",
        "host-record=mail.mx.test,203.0.113.5",
        "txt-record=include.test,\"v=spf1 include:pass.test -all\"",
        "txt-record=includenone.test,\"v=spf1 include:nothing.test -all\"",
        "txt-record=redirect.test,\"v=spf1 redirect=pass.test\"",
        "txt-record=redirectnone.test,\"v=spf1 redirect=nothing.test\"",
        "txt-record=exists.test,\"v=spf1 exists:%{i}.ok.exists.test -all\"",
        "host-record=192.0.2.77.ok.exists.test,127.0.0.2",
        "txt-record=macro.test,\"v=spf1 exists:%{ir}.%{l1r-}._spf.%{d2} -all\"",
        "host-record=77.2.0.192.bob._spf.macro.test,127.0.0.2",
        "txt-record=temp.test,\"v=spf1 include:x.temperror.test -all\"",
        "txt-record=ip6.test,\"v=spf1 ip6:2001:db8::/32 -all\"",
        "txt-record=limit.test,\"v=spf1 a:h1.limit.test a:h2.limit.test a:h3.limit.test a:h4.limit.test a:h5.limit.test a:h6.limit.test "
            + "a:h7.limit.test a:h8.limit.test a:h9.limit.test a:h10.limit.test a:h11.limit.test -all\"",
        .. Enumerable.Range(1, 11).Select(i => $"host-record=h{i}.limit.test,198.51.100.{i}"),
        "txt-record=void.test,\"v=spf1 a:v1.void.test a:v2.void.test a:v3.void.test -all\"",
        "txt-record=helo.test,\"v=spf1 ip4:203.0.113.0/24 -all\"",
        // DMARC
        "txt-record=_dmarc.pass.test,\"v=DMARC1; p=reject\"",
        "txt-record=spoof.test,\"v=spf1 -all\"",
        "txt-record=_dmarc.spoof.test,\"v=DMARC1; p=reject; rua=mailto:dmarc@spoof.test\"",
        "txt-record=quar.test,\"v=spf1 -all\"",
        "txt-record=_dmarc.quar.test,\"v=DMARC1; p=quarantine\"",
        "txt-record=signed.test,\"v=spf1 -all\"",
        "txt-record=_dmarc.signed.test,\"v=DMARC1; p=reject; adkim=s\"",
    ];

    /// <summary>The DKIM key of signed.test (selector "sel"), made for the run; its public half is published in the zone.</summary>
    public Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair DkimKey { get; } = NewKey();

    private static Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair NewKey()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.RsaKeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom(), 2048));
        return generator.GenerateKeyPair();
    }

    /// <summary>The DKIM key record, in dnsmasq's syntax: TXT strings of at most 255 characters.</summary>
    private string DkimRecord()
    {
        var spki = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(DkimKey.Public).GetEncoded();
        var text = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(spki)}";
        var parts = text.Chunk(200).Select(c => $"\"{new string(c)}\"");
        return $"txt-record=sel._domainkey.signed.test,{string.Join(',', parts)}";
    }

    /// <summary>(client IP, MAIL FROM, expected result). The same table goes through the gateway and through spfquery.</summary>
    public static readonly TheoryData<string, string, string> Cases = new()
    {
        { "192.0.2.5", "user@pass.test", "pass" },
        { "198.51.100.1", "user@pass.test", "fail" },
        { "198.51.100.1", "user@soft.test", "softfail" },
        { "198.51.100.1", "user@neutral.test", "neutral" },
        { "198.51.100.1", "user@none.test", "none" },
        { "198.51.100.1", "user@nx.test", "none" },
        { "198.51.100.1", "user@two.test", "permerror" },
        { "198.51.100.1", "user@badip.test", "permerror" },
        { "198.51.100.1", "user@badmech.test", "permerror" },
        { "192.0.2.33", "user@a.test", "pass" },
        { "192.0.2.34", "user@a.test", "fail" },
        { "198.51.100.99", "user@acidr.test", "pass" },
        { "198.51.101.99", "user@acidr.test", "fail" },
        { "203.0.113.5", "user@mx.test", "pass" },
        { "203.0.113.6", "user@mx.test", "fail" },
        { "192.0.2.5", "user@include.test", "pass" },
        { "198.51.100.1", "user@include.test", "fail" },
        { "198.51.100.1", "user@includenone.test", "permerror" },
        { "192.0.2.5", "user@redirect.test", "pass" },
        { "198.51.100.1", "user@redirect.test", "fail" },
        { "198.51.100.1", "user@redirectnone.test", "permerror" },
        { "192.0.2.77", "user@exists.test", "pass" },
        { "192.0.2.78", "user@exists.test", "fail" },
        { "192.0.2.77", "bob@macro.test", "pass" },
        { "192.0.2.77", "alice@macro.test", "fail" },
        { "198.51.100.1", "user@temp.test", "temperror" },
        { "2001:db8::1", "user@ip6.test", "pass" },
        { "192.0.2.1", "user@ip6.test", "fail" },
        { "198.51.100.200", "user@limit.test", "permerror" },
        { "198.51.100.1", "user@void.test", "permerror" },
    };

    public DnsServer Dns { get; private set; } = null!;

    public async Task InitializeAsync() => Dns = await DnsServer.StartAsync([.. Records, DkimRecord()]);

    public async Task DisposeAsync()
    {
        if (Dns is not null) await Dns.DisposeAsync();
    }
}
