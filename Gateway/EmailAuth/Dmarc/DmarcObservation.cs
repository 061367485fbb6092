namespace Gateway.EmailAuth.Dmarc;

/// <summary>One message's DMARC evaluation as an aggregate report counts it (RFC 7489 §7.2, Appendix C "record").</summary>
public sealed record DmarcObservation(
    DateTimeOffset Time,
    string SourceIp,
    string HeaderFrom,
    string EnvelopeFrom,
    string PolicyDomain,
    string Policy,
    string SubdomainPolicy,
    int Percent,
    bool StrictDkim,
    bool StrictSpf,
    string Disposition,
    bool DkimAligned,
    bool SpfAligned,
    IReadOnlyList<DmarcObservation.DkimAuth> Dkim,
    string SpfDomain,
    string SpfResult,
    IReadOnlyList<string> AggregateReportAddresses)
{
    public sealed record DkimAuth(string Domain, string Selector, string Result);

    public bool Passed => DkimAligned || SpfAligned;
}
