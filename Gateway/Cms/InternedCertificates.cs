using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace Gateway.Cms;

/// <summary>
/// Certificates parsed once per distinct encoding. Signed messages carry the same few certificates again and again (the
/// usual correspondents and their CAs); BouncyCastle built each anew from its ASN.1 tree for every message, and then the
/// name formatting, the encoding behind <c>GetHashCode</c> and the key import started from nothing each time.
/// </summary>
public static class InternedCertificates
{
    // Far more than the certificates one gateway meets in an hour.
    private static readonly InternedEncodings<X509Certificate> Parsed =
        new(512, octets => new X509Certificate(X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(octets))));

    /// <summary>The certificate encoded by <paramref name="encoding"/>; a malformed one throws as BouncyCastle throws (and nothing is kept).</summary>
    public static X509Certificate Get(ReadOnlySpan<byte> encoding) => Parsed.Get(encoding);
}
