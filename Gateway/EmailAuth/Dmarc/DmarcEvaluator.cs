using Gateway.EmailAuth.Dns;

namespace Gateway.EmailAuth.Dmarc;

/// <summary>
/// RFC 7489 §6.6: the policy record of the From domain (or of its organisational domain), identifier alignment of an
/// SPF pass (MAIL FROM domain) and of each valid DKIM signature (d=) with the From domain, relaxed or strict as the
/// record says, and the policy to apply: p, sp for a subdomain when the record came from the organisational domain,
/// pct sampling. A DNS failure for the record is temperror.
/// </summary>
public sealed class DmarcEvaluator(IDnsLookup dns, PublicSuffixList suffixes)
{
    /// <param name="spfPassDomain">The MAIL FROM (or HELO) domain when SPF passed; null otherwise.</param>
    /// <param name="dkimPassDomains">The d= of every signature that verified.</param>
    /// <param name="sample">0..99: the message's place in the pct sampling (random in use, fixed in tests).</param>
    public async Task<DmarcVerdict> EvaluateAsync(string fromDomain, string? spfPassDomain, IReadOnlyList<string> dkimPassDomains, int sample,
        CancellationToken cancellationToken)
    {
        fromDomain = fromDomain.TrimEnd('.').ToLowerInvariant();
        var organizational = suffixes.OrganizationalDomain(fromDomain);
        var (record, error, atOrganizational) = await FindRecordAsync(fromDomain, organizational, cancellationToken);
        if (error is not null) return new DmarcVerdict("temperror", fromDomain, "none", error);
        if (record is null) return new DmarcVerdict("none", fromDomain, "none", $"{fromDomain} publishes no DMARC record");

        bool Aligned(string domain, bool strict) =>
            strict ? domain.Equals(fromDomain, StringComparison.OrdinalIgnoreCase)
                   : suffixes.OrganizationalDomain(domain).Equals(organizational, StringComparison.OrdinalIgnoreCase);
        var dkim = dkimPassDomains.FirstOrDefault(d => Aligned(d, record.StrictDkim));
        var spf = spfPassDomain is not null && Aligned(spfPassDomain, record.StrictSpf) ? spfPassDomain : null;
        if (dkim is not null || spf is not null)
        {
            return new DmarcVerdict("pass", fromDomain, "none", dkim is not null ? $"DKIM d={dkim} aligned" : $"SPF {spf} aligned", record, dkim is not null, spf is not null);
        }
        var policy = atOrganizational && !fromDomain.Equals(organizational, StringComparison.Ordinal) ? record.SubdomainPolicy : record.Policy;
        var applied = sample < record.Percent ? policy : "none";
        return new DmarcVerdict("fail", fromDomain, applied,
            $"neither SPF ({spfPassDomain ?? "no pass"}) nor DKIM ({(dkimPassDomains.Count == 0 ? "no valid signature" : string.Join(",", dkimPassDomains))}) aligned with {fromDomain}",
            record);
    }

    private async Task<(DmarcRecord? Record, string? Error, bool AtOrganizational)> FindRecordAsync(string fromDomain, string organizational,
        CancellationToken cancellationToken)
    {
        foreach (var (domain, atOrganizational) in fromDomain == organizational ? [(fromDomain, false)] : new[] { (fromDomain, false), (organizational, true) })
        {
            var txt = await dns.TxtAsync($"_dmarc.{domain}", cancellationToken);
            if (txt.Status == DnsStatus.Failure) return (null, $"DNS: {txt.Error}", false);
            var records = txt.Records.Where(DmarcRecord.IsDmarc).ToList();
            if (records.Count == 1 && DmarcRecord.TryParse(records[0], out var record, out _)) return (record, null, atOrganizational);
        }
        return (null, null, false);
    }
}
