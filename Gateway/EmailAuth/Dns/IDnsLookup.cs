using System.Net;

namespace Gateway.EmailAuth.Dns;

/// <summary>The DNS questions email authentication asks. Implementations never throw for a DNS problem: they answer <see cref="DnsStatus.Failure"/>.</summary>
public interface IDnsLookup
{
    /// <summary>TXT records, each with its character-strings joined (RFC 7208 §3.3).</summary>
    Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken cancellationToken);

    Task<DnsAnswer<IPAddress>> AddressesAsync(string name, bool ipv6, CancellationToken cancellationToken);

    /// <summary>MX exchange names in preference order.</summary>
    Task<DnsAnswer<string>> MxAsync(string name, CancellationToken cancellationToken);

    /// <summary>The names a PTR lookup of <paramref name="address"/> gives.</summary>
    Task<DnsAnswer<string>> PtrAsync(IPAddress address, CancellationToken cancellationToken);
}
