using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms.Verification;

/// <summary>
/// The certificates the operator trusts as the ends of certification paths, and the CRLs revocation is checked
/// against. Anchors are trusted for their name and key only: their own extensions are not enforced, as RFC 5280 §6.1.1
/// leaves to the trust anchor information; their validity period is.
/// </summary>
public sealed class TrustAnchors
{
    private const string CertificateLabel = "CERTIFICATE";
    private const string TrustedCertificateLabel = "TRUSTED CERTIFICATE";
    private const string CrlLabel = "X509 CRL";

    private TrustAnchors(IReadOnlyList<X509Certificate> certificates, IReadOnlyList<X509Crl> crls)
    {
        Certificates = certificates;
        Crls = crls;
    }

    public static TrustAnchors Empty { get; } = new([], []);

    public IReadOnlyList<X509Certificate> Certificates { get; }

    /// <summary>CRLs from any issuer on a path; each is used only once its signature verifies with that issuer's key.</summary>
    public IReadOnlyList<X509Crl> Crls { get; }

    public bool IsEmpty => Certificates.Count == 0;

    public static TrustAnchors Create(IEnumerable<X509Certificate> certificates, IEnumerable<X509Crl>? crls = null) =>
        new([.. certificates.Distinct()], [.. (crls ?? []).Distinct()]);

    /// <summary>
    /// Reads certificates and CRLs from PEM text (any number of CERTIFICATE, TRUSTED CERTIFICATE and X509 CRL blocks, as in
    /// an OpenSSL CA bundle) or from one DER certificate or CRL per input.
    /// </summary>
    /// <param name="sources">Each input with a name for error messages (a file name, a configuration key).</param>
    /// <exception cref="FormatException">An input is neither; the message names it and says why.</exception>
    public static TrustAnchors Parse(IEnumerable<(string Name, ReadOnlyMemory<byte> Bytes)> sources)
    {
        var certificates = new List<X509Certificate>();
        var crls = new List<X509Crl>();
        foreach (var (name, bytes) in sources)
        {
            try
            {
                ParseOne(bytes, certificates, crls);
            }
            catch (Exception e) when (e is not FormatException && BouncyCastleFailures.IsDecodeFailure(e))
            {
                throw new FormatException($"{name}: not a certificate or CRL: {e.Message}", e);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{name}: {e.Message}", e);
            }
        }
        return Create(certificates, crls);
    }

    /// <summary>Certificates trusted for <paramref name="subject"/>: the anchors a path may end at.</summary>
    internal IEnumerable<X509Certificate> FindBySubject(X509Name subject) => Certificates.Where(c => c.SubjectDN.Equivalent(subject));

    internal bool Contains(X509Certificate certificate) => Certificates.Contains(certificate);

    internal IEnumerable<X509Crl> CrlsIssuedBy(X509Name issuer) => Crls.Where(c => c.IssuerDN.Equivalent(issuer));

    private static void ParseOne(ReadOnlyMemory<byte> bytes, List<X509Certificate> certificates, List<X509Crl> crls)
    {
        var text = bytes.Span.IndexOf("-----BEGIN "u8) >= 0 ? System.Text.Encoding.ASCII.GetString(bytes.Span) : null;
        if (text is null)
        {
            ParseDer(bytes.ToArray(), certificates, crls);
            return;
        }

        var rest = text.AsMemory();
        var found = 0;
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var der = Convert.FromBase64String(rest.Span[fields.Base64Data].ToString());
            switch (label)
            {
                case CertificateLabel:
                    certificates.Add(new X509Certificate(der));
                    break;
                case TrustedCertificateLabel:
                    // OpenSSL's trusted form: the certificate, then its auxiliary trust settings, which are not used here.
                    certificates.Add(new X509Certificate(X509CertificateStructure.GetInstance(
                        new Org.BouncyCastle.Asn1.Asn1InputStream(der).ReadObject())));
                    break;
                case CrlLabel:
                    crls.Add(new X509Crl(der));
                    break;
                default:
                    throw new FormatException($"a PEM block labelled {label}, where certificates ({CertificateLabel}) and CRLs ({CrlLabel}) are expected");
            }
            found++;
            rest = rest[fields.Location.End..];
        }
        if (found == 0)
        {
            throw new FormatException("PEM text without a complete certificate or CRL block");
        }
    }

    private static void ParseDer(byte[] der, List<X509Certificate> certificates, List<X509Crl> crls)
    {
        X509Certificate certificate;
        try
        {
            certificate = new X509Certificate(der);
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            // Both are SEQUENCE { tbs, algorithm, signature }: only the contents of tbs tell them apart.
            crls.Add(new X509Crl(der));
            return;
        }
        certificates.Add(certificate);
    }
}
