using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Gateway.EmailAuth.Dns;

/// <summary>
/// <see cref="IDnsLookup"/> on DnsClient.NET: the configured resolver (or the system's), its timeout and retries, its
/// cache. A server failure, a refusal or a timeout is <see cref="DnsStatus.Failure"/>; NXDOMAIN is a name error.
/// </summary>
public sealed class DnsClientLookup : IDnsLookup
{
    private readonly LookupClient _client;

    /// <param name="resolvers">Resolver end points; empty: the system's (/etc/resolv.conf).</param>
    public DnsClientLookup(IReadOnlyList<IPEndPoint> resolvers, TimeSpan timeout, int retries)
    {
        var options = resolvers.Count > 0 ? new LookupClientOptions([.. resolvers.Select(r => new NameServer(r))]) : new LookupClientOptions();
        options.Timeout = timeout;
        options.Retries = retries;
        options.UseCache = true;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        _client = new LookupClient(options);
    }

    public async Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken cancellationToken) =>
        await AskAsync(name, QueryType.TXT, r => r.Answers.TxtRecords().Select(t => string.Concat(t.Text)).ToList(), cancellationToken);

    public async Task<DnsAnswer<IPAddress>> AddressesAsync(string name, bool ipv6, CancellationToken cancellationToken) =>
        ipv6
            ? await AskAsync(name, QueryType.AAAA, r => r.Answers.AaaaRecords().Select(a => a.Address).ToList(), cancellationToken)
            : await AskAsync(name, QueryType.A, r => r.Answers.ARecords().Select(a => a.Address).ToList(), cancellationToken);

    public async Task<DnsAnswer<string>> MxAsync(string name, CancellationToken cancellationToken) =>
        await AskAsync(name, QueryType.MX,
            r => r.Answers.MxRecords().OrderBy(m => m.Preference).Select(m => m.Exchange.Value.TrimEnd('.')).ToList(), cancellationToken);

    public async Task<DnsAnswer<string>> PtrAsync(IPAddress address, CancellationToken cancellationToken) =>
        await AskAsync(address.GetArpaName(), QueryType.PTR, r => r.Answers.PtrRecords().Select(p => p.PtrDomainName.Value.TrimEnd('.')).ToList(), cancellationToken);

    private async Task<DnsAnswer<T>> AskAsync<T>(string name, QueryType type, Func<IDnsQueryResponse, List<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
            if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain) return DnsAnswer<T>.NameError;
            if (response.HasError) return DnsAnswer<T>.Failed($"{type} {name}: {response.ErrorMessage}");
            return DnsAnswer<T>.Of(read(response));
        }
        catch (DnsResponseException e)
        {
            return DnsAnswer<T>.Failed($"{type} {name}: {e.Message}");
        }
    }
}
