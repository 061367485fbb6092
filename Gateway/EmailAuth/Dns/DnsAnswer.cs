namespace Gateway.EmailAuth.Dns;

/// <summary>The records of one type for one name, or why there are none.</summary>
public sealed record DnsAnswer<T>(DnsStatus Status, IReadOnlyList<T> Records, string? Error = null)
{
    public static DnsAnswer<T> Of(IReadOnlyList<T> records) => new(DnsStatus.Ok, records);

    public static DnsAnswer<T> NameError { get; } = new(DnsStatus.NameError, []);

    public static DnsAnswer<T> Failed(string error) => new(DnsStatus.Failure, [], error);

    /// <summary>RFC 7208 §4.6.4: an answer with no records, or a name that does not exist.</summary>
    public bool IsVoid => Status == DnsStatus.NameError || (Status == DnsStatus.Ok && Records.Count == 0);
}
