using System.Formats.Asn1;

namespace Gateway.Tests.Hostile.Dns;

/// <summary>
/// Hostile SPF, DKIM and DMARC records under h.test, in dnsmasq's syntax (a TXT record is one or more quoted strings of
/// at most 255 characters), served by one dnsmasq for the class. Every domain has a DMARC record with p=none unless the
/// case is about DMARC, so that the verdicts reach the Authentication-Results header instead of stopping at a reply.
/// </summary>
internal static class HostileZone
{
    public static IReadOnlyList<string> Records { get; } = Build();

    private static List<string> Build()
    {
        List<string> records =
        [
            // The good sender, for the message after each case.
            "txt-record=good.h.test,\"v=spf1 ip4:192.0.2.0/24 -all\"",
            "txt-record=_dmarc.good.h.test,\"v=DMARC1; p=reject\"",
            // SPF.
            "txt-record=incloop.h.test,\"v=spf1 include:incloop.h.test -all\"",
            "txt-record=redirloop.h.test,\"v=spf1 redirect=redirloop.h.test\"",
            "txt-record=ping.h.test,\"v=spf1 include:pong.h.test -all\"",
            "txt-record=pong.h.test,\"v=spf1 include:ping.h.test -all\"",
            "txt-record=terms11.h.test,\"v=spf1 " + string.Join(' ', Enumerable.Range(1, 11).Select(i => $"a:t{i}.h.test")) + " -all\"",
            .. Enumerable.Range(1, 11).Select(i => $"host-record=t{i}.h.test,203.0.113.{i}"),
            "txt-record=chain0.h.test,\"v=spf1 include:chain1.h.test -all\"",
            .. Enumerable.Range(1, 11).Select(i => $"txt-record=chain{i}.h.test,\"v=spf1 include:chain{i + 1}.h.test -all\""),
            "txt-record=chain12.h.test,\"v=spf1 +all\"",
            "txt-record=voids.h.test,\"v=spf1 a:nx1.h.test a:nx2.h.test a:nx3.h.test -all\"",
            "txt-record=macrobomb.h.test,\"v=spf1 exists:" + string.Concat(Enumerable.Repeat("%{d}.", 20)) + "x.h.test -all\"",
            "txt-record=macrobad.h.test,\"v=spf1 exists:%{z}.h.test -all\"",
            "txt-record=macroend.h.test,\"v=spf1 exists:%{d -all\"",
            "txt-record=twospf.h.test,\"v=spf1 ip4:192.0.2.0/24 -all\"",
            "txt-record=twospf.h.test,\"v=spf1 ip4:192.0.2.0/24 -all \"",
            "txt-record=joined.h.test,\"v=spf1 ip4:192.0.2.0/24 \",\"ip4:198.51.100.0/24 -all\"",
            "txt-record=splitmech.h.test,\"v=spf1 ip4:198.51.\",\"100.0/24 -all\"",
            "txt-record=long.h.test," + LongSpf(),
            "txt-record=nonascii.h.test,\"v=spf1 ip4:198.51.100.0/24 \u2011all\"",
            "txt-record=lateerror.h.test,\"v=spf1 ip4:198.51.100.0/24 foo:bar -all\"",
            "txt-record=spf10.h.test,\"v=spf10 +all\"",
            "txt-record=redirnone.h.test,\"v=spf1 redirect=nospf.h.test\"",
            "txt-record=badcidr.h.test,\"v=spf1 ip4:198.51.100.0/33 -all\"",
            "txt-record=expbomb.h.test,\"v=spf1 -all exp=" + string.Concat(Enumerable.Repeat("%{d}", 30)) + "\"",
            "txt-record=allfirst.h.test,\"v=spf1 +all -all\"",
            // DKIM.
            "txt-record=sel._domainkey.dkimb64.h.test,\"v=DKIM1; k=rsa; p=!!!not*base64!!!\"",
            "txt-record=sel._domainkey.dkimk.h.test,\"v=DKIM1; k=dsa; p=" + Convert.ToBase64String(RsaSpki(2048)) + "\"",
            "txt-record=sel._domainkey.dkimempty.h.test,\"v=DKIM1; k=rsa; p=\"",
            "txt-record=sel._domainkey.dkim4096.h.test," + Chunked("v=DKIM1; k=rsa; p=" + Convert.ToBase64String(RsaSpki(4096))),
            "txt-record=sel._domainkey.dkimv2.h.test,\"v=DKIM2; k=rsa; p=" + Convert.ToBase64String(RsaSpki(2048)) + "\"",
            "txt-record=sel._domainkey.dkimtwo.h.test,\"v=DKIM1; k=rsa; p=" + Convert.ToBase64String(RsaSpki(2048)) + "\"",
            "txt-record=sel._domainkey.dkimtwo.h.test,\"v=DKIM1; k=rsa; p=\"",
            "txt-record=sel._domainkey.dkimnotkey.h.test,\"v=DKIM1; k=rsa; p=" + Convert.ToBase64String("not a key at all"u8.ToArray()) + "\"",
            // DMARC.
            "txt-record=_dmarc.garbage.h.test,\"v=DMARC1; p=reject; foo=bar;;; ; =; pct=1000\"",
            "txt-record=_dmarc.pbad.h.test,\"v=DMARC1; p=destroy\"",
            "txt-record=_dmarc.nop.h.test,\"v=DMARC1; rua=mailto:x@nop.h.test\"",
            "txt-record=_dmarc.dup.h.test,\"v=DMARC1; p=reject\"",
            "txt-record=_dmarc.dup.h.test,\"v=DMARC1; p=none\"",
            "txt-record=_dmarc.vlast.h.test,\"p=reject; v=DMARC1\"",
            "txt-record=_dmarc.pct.h.test,\"v=DMARC1; p=reject; pct=-5\"",
            "txt-record=_dmarc.huge.h.test," + Chunked("v=DMARC1; p=reject; rua=" + string.Join(',', Enumerable.Range(1, 30).Select(i => $"mailto:r{i}@huge.h.test"))),
            "txt-record=_dmarc.dmarcutf.h.test,\"v=DMARC1; p=r\u00E9ject\"",
            "cname=_dmarc.cname.h.test,_dmarc.good.h.test",
        ];
        // Every SPF and DKIM domain gets p=none, so its verdicts are recorded rather than enforced.
        foreach (var domain in new[]
        {
            "incloop", "redirloop", "ping", "terms11", "chain0", "voids", "macrobomb", "macrobad", "macroend", "twospf", "joined", "splitmech", "long",
            "nonascii", "lateerror", "spf10", "redirnone", "badcidr", "expbomb", "allfirst", "dkimb64", "dkimk", "dkimempty", "dkim4096", "dkimv2", "dkimtwo", "dkimnotkey",
        })
        {
            records.Add($"txt-record=_dmarc.{domain}.h.test,\"v=DMARC1; p=none\"");
        }
        return records;
    }

    /// <summary>An SPF record over 255 characters, as the strings of one TXT record: ip4 terms for other networks, then the one that matches.</summary>
    private static string LongSpf() =>
        Chunked("v=spf1 " + string.Join(' ', Enumerable.Range(1, 40).Select(i => $"ip4:10.{i}.0.0/16")) + " ip4:198.51.100.0/24 -all");

    private static string Chunked(string text) => string.Join(',', text.Chunk(255).Select(c => $"\"{new string(c)}\""));

    /// <summary>
    /// An RSA SubjectPublicKeyInfo whose modulus is a fixed pattern of the given size: nothing verifies with it, and generating
    /// a real 4096-bit key would take the test longer than everything else. (8192 bits do not fit: dnsmasq reads at most
    /// about 1,000 characters of a configuration line.)
    /// </summary>
    private static byte[] RsaSpki(int bits)
    {
        var modulus = Enumerable.Range(0, bits / 8).Select(i => (byte)(i == 0 ? 0xC3 : (i * 37 + 11) | 1)).ToArray();
        var key = new AsnWriter(AsnEncodingRules.DER);
        using (key.PushSequence())
        {
            key.WriteIntegerUnsigned(modulus);
            key.WriteInteger(65537);
        }
        var spki = new AsnWriter(AsnEncodingRules.DER);
        using (spki.PushSequence())
        {
            using (spki.PushSequence())
            {
                spki.WriteObjectIdentifier("1.2.840.113549.1.1.1");
                spki.WriteNull();
            }
            spki.WriteBitString(key.Encode());
        }
        return spki.Encode();
    }
}
