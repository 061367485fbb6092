namespace Gateway.Tests.Hostile.Dns;

/// <summary>
/// The DNS part of the hostile-input corpus: each case a sender whose records in <see cref="HostileZone"/> are hostile,
/// and (for DKIM) a signature that sends the verifier to a hostile key. The outcomes are data, in expected-results.tsv.
/// </summary>
internal static class HostileDnsCorpus
{
    /// <summary>The client every case comes from, as XFORWARD names it: inside the networks the good records allow, outside the others.</summary>
    public const string Client = "198.51.100.7";

    /// <summary>MAIL FROM and From: domain, and the d= of a DKIM signature (null: unsigned).</summary>
    public static IReadOnlyDictionary<string, (string Domain, bool Signed)> Cases { get; } = new Dictionary<string, (string, bool)>
    {
        ["SPF include of itself"] = ("incloop.h.test", false),
        ["SPF redirect to itself"] = ("redirloop.h.test", false),
        ["SPF include loop of two domains"] = ("ping.h.test", false),
        ["SPF with 11 DNS-querying terms"] = ("terms11.h.test", false),
        ["SPF include chain of 12"] = ("chain0.h.test", false),
        ["SPF with three void lookups"] = ("voids.h.test", false),
        ["SPF macro expanding past 253 octets"] = ("macrobomb.h.test", false),
        ["SPF macro with an unknown letter"] = ("macrobad.h.test", false),
        ["SPF macro without its closing brace"] = ("macroend.h.test", false),
        ["two SPF records"] = ("twospf.h.test", false),
        ["SPF record in two strings joined at a term"] = ("joined.h.test", false),
        ["SPF record in two strings joined inside a term"] = ("splitmech.h.test", false),
        ["SPF record over 255 characters"] = ("long.h.test", false),
        ["SPF record with a non-ASCII hyphen"] = ("nonascii.h.test", false),
        ["SPF syntax error after the term that matches"] = ("lateerror.h.test", false),
        ["v=spf10 is not an SPF record"] = ("spf10.h.test", false),
        ["SPF redirect to a domain without SPF"] = ("redirnone.h.test", false),
        ["SPF ip4 prefix /33"] = ("badcidr.h.test", false),
        ["SPF exp= macro bomb on a fail"] = ("expbomb.h.test", false),
        ["SPF +all before -all"] = ("allfirst.h.test", false),
        ["SPF for a name that does not exist"] = ("nx.h.test", false),
        ["DKIM key with bad base64"] = ("dkimb64.h.test", true),
        ["DKIM key of type k=dsa"] = ("dkimk.h.test", true),
        ["DKIM key revoked (p= empty)"] = ("dkimempty.h.test", true),
        ["DKIM key of 4096 bits"] = ("dkim4096.h.test", true),
        ["DKIM key record v=DKIM2"] = ("dkimv2.h.test", true),
        ["two DKIM key records"] = ("dkimtwo.h.test", true),
        ["DKIM key that is no SubjectPublicKeyInfo"] = ("dkimnotkey.h.test", true),
        ["DKIM key that does not exist"] = ("nokey.h.test", true),
        ["DMARC with garbage tags and pct=1000"] = ("garbage.h.test", false),
        ["DMARC p=destroy"] = ("pbad.h.test", false),
        ["DMARC without p="] = ("nop.h.test", false),
        ["two DMARC records"] = ("dup.h.test", false),
        ["DMARC with v=DMARC1 last"] = ("vlast.h.test", false),
        ["DMARC pct=-5"] = ("pct.h.test", false),
        ["DMARC record of 30 report addresses over 255 characters"] = ("huge.h.test", false),
        ["DMARC policy with a non-ASCII letter"] = ("dmarcutf.h.test", false),
        ["DMARC record behind a CNAME"] = ("cname.h.test", false),
    };
}
