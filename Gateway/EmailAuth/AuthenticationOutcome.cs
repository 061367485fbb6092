using Gateway.EmailAuth.Dkim;
using Gateway.EmailAuth.Dmarc;
using Gateway.EmailAuth.Spf;

namespace Gateway.EmailAuth;

/// <summary>What SPF, DKIM and DMARC said about one message from outside, and the Authentication-Results value that records it.</summary>
/// <param name="HeaderValue">The RFC 8601 Authentication-Results value, starting with the gateway's authserv-id.</param>
public sealed record AuthenticationOutcome(SpfVerdict Spf, SpfVerdict? Helo, IReadOnlyList<DkimResult> Dkim, DmarcVerdict Dmarc, string HeaderValue)
{
    /// <summary>One line for the audit record: "spf=pass dkim=pass(example.com) dmarc=pass".</summary>
    public string Summary =>
        $"spf={Spf.Word} dkim={(Dkim.Count == 0 ? "none" : string.Join(",", Dkim.Select(d => $"{d.Result}({d.Domain})")))} dmarc={Dmarc.Result}"
        + (Dmarc.Result == "fail" ? $"(p={Dmarc.Policy})" : "");
}
