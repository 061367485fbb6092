using Gateway.EmailAuth.Dns;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Gateway.EmailAuth.Dkim;

/// <summary>
/// DKIM public keys from <c>selector._domainkey.domain</c> TXT records (RFC 6376 §3.6.2) through the gateway's DNS; a
/// DNS failure is thrown as <see cref="DkimKeyUnavailableException"/> (temperror), a missing or revoked key as a format error (permerror).
/// </summary>
internal sealed class DnsDkimKeyLocator(IDnsLookup dns) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        var txt = await dns.TxtAsync(name, cancellationToken);
        if (txt.Status == DnsStatus.Failure) throw new DkimKeyUnavailableException($"DNS: {txt.Error}");
        var record = txt.Records.FirstOrDefault(r => r.Contains("p=", StringComparison.Ordinal))
            ?? throw new FormatException($"no DKIM key at {name}");
        return GetPublicKey(record);
    }
}
