using Gateway.X400;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;

namespace Gateway.Certificates;

/// <summary>
/// One question to a certificate directory. Every directory answers with certificates for which <see cref="Matches"/>
/// holds: a backend may search broadly (an LDAP filter template), the answer is always narrowed to the exact key.
/// </summary>
public sealed class CertificateQuery
{
    private CertificateQuery(CertificateQueryKind kind, string key)
    {
        Kind = kind;
        Key = key;
    }

    public CertificateQueryKind Kind { get; }

    /// <summary>A canonical text of the key: equal queries have equal keys (the cache key, and the log's words).</summary>
    public string Key { get; }

    public X509Name? Issuer { get; private init; }

    public BigInteger? SerialNumber { get; private init; }

    public byte[]? KeyIdentifier { get; private init; }

    public string? Email { get; private init; }

    public OrAddress? OrAddress { get; private init; }

    public X509Name? Subject { get; private init; }

    public static CertificateQuery ForIssuerAndSerial(X509Name issuer, BigInteger serialNumber) =>
        new(CertificateQueryKind.IssuerAndSerial, $"issuer={NameKey(issuer)};serial={serialNumber.ToString(16)}") { Issuer = issuer, SerialNumber = serialNumber };

    public static CertificateQuery ForKeyIdentifier(byte[] keyIdentifier) =>
        new(CertificateQueryKind.KeyIdentifier, $"ski={Convert.ToHexString(keyIdentifier)}") { KeyIdentifier = [.. keyIdentifier] };

    public static CertificateQuery ForEmail(string email) =>
        new(CertificateQueryKind.Email, $"email={email.ToLowerInvariant()}") { Email = email };

    public static CertificateQuery ForOrAddress(OrAddress address) =>
        new(CertificateQueryKind.OrAddress, $"x400={address.ToString().ToUpperInvariant()}") { OrAddress = address };

    public static CertificateQuery ForSubject(X509Name subject) =>
        new(CertificateQueryKind.Subject, $"subject={NameKey(subject)}") { Subject = subject };

    /// <summary>The query for a CMS SignerIdentifier (issuer and serial, or subjectKeyIdentifier).</summary>
    public static CertificateQuery ForSigner(SignerID signer) =>
        signer.SubjectKeyIdentifier is { } ski
            ? ForKeyIdentifier(Asn1OctetString.GetInstance(ski).GetOctets())
            : ForIssuerAndSerial(signer.Issuer ?? throw new ArgumentException("a SignerID without issuer or key identifier", nameof(signer)), signer.SerialNumber);

    public bool Matches(X509Certificate certificate) => Kind switch
    {
        CertificateQueryKind.IssuerAndSerial => certificate.SerialNumber.Equals(SerialNumber) && certificate.IssuerDN.Equivalent(Issuer),
        CertificateQueryKind.KeyIdentifier => SubjectKeyIdentifierOf(certificate) is { } ski && ski.AsSpan().SequenceEqual(KeyIdentifier),
        CertificateQueryKind.Email => CertificateNames.EmailsOf(certificate).Contains(Email!, StringComparer.OrdinalIgnoreCase),
        CertificateQueryKind.OrAddress => CertificateNames.OrAddressesOf(certificate).Any(a => string.Equals(a.ToString(), OrAddress!.ToString(), StringComparison.OrdinalIgnoreCase)),
        CertificateQueryKind.Subject => certificate.SubjectDN.Equivalent(Subject),
        _ => false,
    };

    /// <summary>The keys of every query this certificate answers: what a store indexes it under.</summary>
    public static IEnumerable<string> KeysOf(X509Certificate certificate)
    {
        yield return ForIssuerAndSerial(certificate.IssuerDN, certificate.SerialNumber).Key;
        yield return ForSubject(certificate.SubjectDN).Key;
        if (SubjectKeyIdentifierOf(certificate) is { } ski) yield return ForKeyIdentifier(ski).Key;
        foreach (var email in CertificateNames.EmailsOf(certificate)) yield return ForEmail(email).Key;
        foreach (var address in CertificateNames.OrAddressesOf(certificate)) yield return ForOrAddress(address).Key;
    }

    // Names match by equivalence (case and spacing aside, RFC 5280 §7.1); the key folds case so equal names index alike.
    private static string NameKey(X509Name name) => name.ToString().ToLowerInvariant();

    /// <summary>The subjectKeyIdentifier extension's value, or null when the certificate has none.</summary>
    public static byte[]? SubjectKeyIdentifierOf(X509Certificate certificate) =>
        certificate.GetExtensionValue(X509Extensions.SubjectKeyIdentifier) is { } extension
            ? SubjectKeyIdentifier.GetInstance(X509ExtensionUtilities.FromExtensionValue(extension)).GetKeyIdentifier()
            : null;

    public override string ToString() => Key;
}
