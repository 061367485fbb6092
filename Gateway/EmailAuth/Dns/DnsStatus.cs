namespace Gateway.EmailAuth.Dns;

/// <summary>What a DNS question came back with, in the terms RFC 7208 §4.4 and §5 reason in.</summary>
public enum DnsStatus
{
    /// <summary>An answer (possibly with no records of the type asked: "no data", a void lookup).</summary>
    Ok,

    /// <summary>The name does not exist (RCODE 3): also a void lookup.</summary>
    NameError,

    /// <summary>No answer that can be relied on (SERVFAIL, REFUSED, a timeout): a temporary error, never a pass.</summary>
    Failure,
}
