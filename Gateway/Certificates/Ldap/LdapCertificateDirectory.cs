using System.DirectoryServices.Protocols;
using System.Net;
using Gateway.Configuration;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates.Ldap;

/// <summary>
/// Certificates and CRLs from an LDAP directory (RFC 4523 attributes: <c>userCertificate;binary</c>,
/// <c>cACertificate;binary</c>, <c>certificateRevocationList;binary</c>, <c>authorityRevocationList;binary</c>), searched
/// under a base DN with the configured filter templates. One connection is kept and rebuilt after a failure; a server
/// that does not answer, refuses the bind or times out makes the directory unavailable (a temporary condition), a search
/// that finds nothing is an empty answer. Values that are not certificates or CRLs are skipped with a log line.
/// </summary>
public sealed partial class LdapCertificateDirectory : ICertificateDirectory, IDisposable
{
    private static readonly string[] CertificateAttributes = ["userCertificate;binary", "cACertificate;binary"];
    private static readonly string[] CrlAttributes = ["certificateRevocationList;binary", "authorityRevocationList;binary"];

    private readonly LdapDirectoryOptions _options;
    private readonly Uri _url;
    private readonly NetworkCredential? _credential;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LdapConnection? _connection;

    public LdapCertificateDirectory(LdapDirectoryOptions options, ILogger<LdapCertificateDirectory> logger)
    {
        _options = options;
        _url = new Uri(options.Url ?? throw new ArgumentException("no Url", nameof(options)));
        _logger = logger;
        if (options.BindDn is { } bindDn)
        {
            var password = options.BindPasswordFile is { } file ? File.ReadLines(file).FirstOrDefault() ?? "" : "";
            _credential = new NetworkCredential(bindDn, password);
        }
    }

    public string Name => $"{_url.GetLeftPart(UriPartial.Authority)}/{_options.BaseDn}";

    public async Task<IReadOnlyList<X509Certificate>> FindAsync(CertificateQuery query, CancellationToken cancellationToken)
    {
        var filters = _options.Filters;
        var filter = query.Kind switch
        {
            CertificateQueryKind.Email => LdapFilter.Fill(filters.Email, query.Email!),
            CertificateQueryKind.OrAddress => LdapFilter.Fill(filters.OrAddress, query.OrAddress!.ToString()),
            CertificateQueryKind.KeyIdentifier => LdapFilter.Fill(filters.KeyIdentifier, Convert.ToHexString(query.KeyIdentifier!)),
            CertificateQueryKind.IssuerAndSerial => LdapFilter.Fill(filters.IssuerAndSerial, query.Issuer!.ToString(true, X509Name.DefaultSymbols), query.SerialNumber!.ToString()),
            _ => LdapFilter.Fill(filters.Subject, query.Subject!.ToString(true, X509Name.DefaultSymbols)),
        };
        var found = new List<X509Certificate>();
        foreach (var (entry, value) in await SearchAsync(filter, CertificateAttributes, cancellationToken))
        {
            try
            {
                var certificate = new X509Certificate(value);
                if (query.Matches(certificate) && !found.Contains(certificate)) found.Add(certificate);
            }
            catch (Exception e) when (Cms.Verification.BouncyCastleFailures.IsDecodeFailure(e))
            {
                LogSkipped(_logger, entry, "certificate", e.Message);
            }
        }
        LogSearched(_logger, query.Key, filter, found.Count);
        return found;
    }

    public async Task<IReadOnlyList<X509Crl>> FindCrlsAsync(X509Name issuer, CancellationToken cancellationToken)
    {
        var filter = LdapFilter.Fill(_options.Filters.Crl, issuer.ToString(true, X509Name.DefaultSymbols));
        var found = new List<X509Crl>();
        foreach (var (entry, value) in await SearchAsync(filter, CrlAttributes, cancellationToken))
        {
            try
            {
                var crl = new X509Crl(value);
                if (crl.IssuerDN.Equivalent(issuer) && !found.Contains(crl)) found.Add(crl);
            }
            catch (Exception e) when (Cms.Verification.BouncyCastleFailures.IsDecodeFailure(e))
            {
                LogSkipped(_logger, entry, "CRL", e.Message);
            }
        }
        return found;
    }

    /// <summary>(entry DN, value) for every value of the wanted attributes in the entries the filter finds.</summary>
    private async Task<List<(string Entry, byte[] Value)>> SearchAsync(string filter, string[] attributes, CancellationToken cancellationToken)
    {
        var request = new SearchRequest(_options.BaseDn, filter, SearchScope.Subtree, attributes) { TimeLimit = _options.Timeout };
        SearchResponse response;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = _connection ??= Connect();
            response = (SearchResponse)await Task.Factory.FromAsync(
                (callback, state) => connection.BeginSendRequest(request, _options.Timeout, PartialResultProcessing.NoPartialResultSupport, callback, state),
                connection.EndSendRequest, null).WaitAsync(_options.Timeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
        {
            return []; // the base DN is empty: nobody has it
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException or TimeoutException or DirectoryException or InvalidOperationException)
        {
            _connection?.Dispose();
            _connection = null;
            var reason = e is LdapException ldap ? $"{ldap.Message} (LDAP error {ldap.ErrorCode})" : e.Message;
            LogUnavailable(_logger, Name, reason);
            throw new CertificateDirectoryUnavailableException(Name, reason, e);
        }
        finally
        {
            _gate.Release();
        }
        var values = new List<(string, byte[])>();
        foreach (SearchResultEntry entry in response.Entries)
        {
            foreach (string name in entry.Attributes.AttributeNames)
            {
                var bare = name.Split(';')[0];
                if (!attributes.Any(a => a.StartsWith(bare + ";", StringComparison.OrdinalIgnoreCase))) continue;
                foreach (var value in entry.Attributes[name].GetValues(typeof(byte[])).Cast<byte[]>()) values.Add((entry.DistinguishedName, value));
            }
        }
        return values;
    }

    private LdapConnection Connect()
    {
        var port = _url.IsDefaultPort || _url.Port <= 0 ? 389 : _url.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(_url.Host, port), _credential, _credential is null ? AuthType.Anonymous : AuthType.Basic)
        {
            Timeout = _options.Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        connection.Bind();
        return connection;
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(EventId = 720, Level = LogLevel.Debug, Message = "ldap search {Query}: filter={Filter} found={Count}")]
    private static partial void LogSearched(ILogger logger, string query, string filter, int count);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "ldap entry {Entry}: a value that is not a {What} was skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string entry, string what, string reason);

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "ldap directory {Directory} unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string directory, string reason);
}
