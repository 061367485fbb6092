using Gateway.Certificates;
using Gateway.Certificates.Ldap;
using Microsoft.Extensions.Logging;

namespace Gateway.Configuration;

/// <summary>
/// Composes the certificate service from configuration: the local store first, then the certificate files of
/// <c>Gateway:Security:RecipientCertificates</c>, then the LDAP directory behind its cache; the trust anchors and their
/// CRLs. Files are read here, at start.
/// </summary>
public static class CertificateServiceFactory
{
    public static CertificateService Create(GatewayOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        var anchors = TrustAnchorFiles.Load(options.Security.TrustAnchors);
        var store = new LocalCertificateStore(options.Certificates.StoreFullPath(options.DataDirectoryFullPath));
        var members = new List<ICertificateDirectory> { store };
        if (options.Security.RecipientCertificates is { Length: > 0 } paths)
        {
            var files = TrustAnchorFiles.Load(paths);
            members.Add(new CertificateCollectionDirectory("Gateway:Security:RecipientCertificates", files.Certificates, files.Crls));
        }
        CachingCertificateDirectory? cache = null;
        if (!string.IsNullOrWhiteSpace(options.Certificates.Ldap.Url))
        {
            var ldap = new LdapCertificateDirectory(options.Certificates.Ldap, loggers.CreateLogger<LdapCertificateDirectory>());
            var c = options.Certificates.Cache;
            cache = new CachingCertificateDirectory(ldap, new CacheSettings(c.Ttl, c.NegativeTtl, c.MaxEntries), time);
            members.Add(cache);
        }
        ICertificateDirectory directory = members.Count == 1 ? store : new CertificateDirectoryChain(members);
        var revocation = new RevocationLists(directory, anchors.Crls, time, options.Certificates.CrlRecheck);
        return new CertificateService(directory, revocation, anchors, cache, store, options.Certificates.Harvest,
            loggers.CreateLogger<CertificateService>());
    }
}
