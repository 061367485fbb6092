namespace Gateway.EmailAuth.Dmarc;

/// <summary>The DMARC result for one message (RFC 7489 §4.2, §6.6) and the policy that applies to it.</summary>
/// <param name="Result">pass, fail, none, temperror or permerror (the RFC 8601 words).</param>
/// <param name="FromDomain">The RFC5322.From domain evaluated.</param>
/// <param name="Policy">The policy to apply on fail (p, or sp for a subdomain), after pct sampling: none when sampled out.</param>
/// <param name="Record">The record found, for the aggregate report; null when none.</param>
/// <param name="DkimAligned">A valid signature's d= aligned with the From domain.</param>
/// <param name="SpfAligned">The SPF-passing domain aligned with the From domain.</param>
public sealed record DmarcVerdict(string Result, string FromDomain, string Policy, string Explanation, DmarcRecord? Record = null, bool DkimAligned = false,
    bool SpfAligned = false);
