using System.Formats.Asn1;
using Org.BouncyCastle.X509;

namespace Gateway.Cms;

/// <summary>
/// What verifying an outermost SignedData needs, read with the platform's BER reader from the octets where they lie:
/// eContentType; the eContent, a slice of the input when it is one primitive OCTET STRING (DER, and what OpenSSL and
/// this gateway write), joined when it comes in chunks; the carried certificates, parsed once per distinct encoding
/// (<see cref="InternedCertificates"/>); and the SignerInfos, each parsed by BouncyCastle from its own octets.
/// It takes the place of BouncyCastle's <c>CmsSignedData</c>, which built the whole object's ASN.1 tree, copied the
/// eContent and rebuilt every certificate for every message. Call it after the inspector's bounded walk has passed the
/// object, as the verifier does: this reader checks the SignedData's own fields, not what the certificates nest.
/// </summary>
public sealed class SignedDataParts
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    private SignedDataParts(string eContentType, ReadOnlyMemory<byte>? eContent, IReadOnlyList<X509Certificate> certificates, IReadOnlyList<SignedDataSigner> signers)
    {
        EContentType = eContentType;
        EContent = eContent;
        Certificates = certificates;
        Signers = signers;
    }

    public string EContentType { get; }

    /// <summary>Null when the signature is detached.</summary>
    public ReadOnlyMemory<byte>? EContent { get; }

    /// <summary>The X.509 certificates of the certificates field, in its order; the other CertificateChoices are left out, as BouncyCastle does.</summary>
    public IReadOnlyList<X509Certificate> Certificates { get; }

    public IReadOnlyList<SignedDataSigner> Signers { get; }

    /// <summary>Reads a ContentInfo holding a SignedData. Throws <see cref="AsnContentException"/> for a broken encoding,
    /// <see cref="InvalidDataException"/> for another content type, and as BouncyCastle throws for a broken certificate or SignerInfo.</summary>
    public static SignedDataParts Read(ReadOnlyMemory<byte> contentInfo)
    {
        var input = new AsnReader(contentInfo, AsnEncodingRules.BER);
        var info = input.ReadSequence();
        input.ThrowIfNotEmpty();
        var contentType = info.ReadObjectIdentifier();
        if (contentType != CmsInspector.IdSignedData)
        {
            throw new InvalidDataException($"the ContentInfo holds {CmsOidNames.Describe(contentType)}, not signedData");
        }
        var explicitContent = info.ReadSequence(Context0);
        info.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        signedData.ReadIntegerBytes(); // version
        signedData.ReadSetOf(); // digestAlgorithms: each SignerInfo names its own
        var encapsulated = signedData.ReadSequence();
        var eContentType = encapsulated.ReadObjectIdentifier();
        ReadOnlyMemory<byte>? eContent = null;
        if (encapsulated.HasData)
        {
            var explicitOctets = encapsulated.ReadSequence(Context0);
            // The slice leaves the octets untouched where they lie: for a mapped file, reading them here would page it all in.
            eContent = explicitOctets.TryReadPrimitiveOctetString(out var slice) ? slice : explicitOctets.ReadOctetString();
            explicitOctets.ThrowIfNotEmpty();
            encapsulated.ThrowIfNotEmpty();
        }

        var certificates = new List<X509Certificate>();
        if (signedData.HasData && signedData.PeekTag() == Context0)
        {
            var set = signedData.ReadSetOf(Context0);
            while (set.HasData)
            {
                var isCertificate = set.PeekTag() == Asn1Tag.Sequence;
                var encoded = set.ReadEncodedValue();
                if (isCertificate) certificates.Add(InternedCertificates.Get(encoded.Span));
            }
        }
        if (signedData.HasData && signedData.PeekTag() == Context1)
        {
            signedData.ReadEncodedValue(); // crls: revocation comes from the certificate service's sources
        }
        var signers = new List<SignedDataSigner>();
        var signerInfos = signedData.ReadSetOf();
        while (signerInfos.HasData)
        {
            signers.Add(SignedDataSigner.Read(signerInfos.ReadEncodedValue()));
        }
        signedData.ThrowIfNotEmpty();
        return new SignedDataParts(eContentType, eContent, certificates, signers);
    }
}
