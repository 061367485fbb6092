using Gateway.Cms.Verification;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;
using BcContentInfo = Org.BouncyCastle.Asn1.Cms.ContentInfo;
using BcSignedData = Org.BouncyCastle.Asn1.Cms.SignedData;

namespace Gateway.Cms;

/// <summary>
/// The certificate set of an outermost SignedData, taken out for a slow link or put back for a receiver without a
/// directory. Nothing else changes: the certificates are outside what is signed (RFC 5652 §5.1), so every signature
/// stays valid; the encapsulated content keeps its octets.
/// </summary>
public static class SignedDataCertificates
{
    /// <summary>The SignedData without certificates; null when it had none or is not a SignedData.</summary>
    public static byte[]? Strip(ReadOnlyMemory<byte> contentInfo)
    {
        if (Read(contentInfo) is not { } signed || signed.Certificates is null || signed.Certificates.Count == 0) return null;
        return Write(signed, null);
    }

    /// <summary>The signer identifiers whose certificate the SignedData does not carry.</summary>
    public static IReadOnlyList<SignerID> SignersWithoutCertificate(ReadOnlyMemory<byte> contentInfo)
    {
        try
        {
            var signed = SignedDataParts.Read(contentInfo);
            return [.. signed.Signers.Select(s => s.Id).Where(id => !signed.Certificates.Any(id.Match))];
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return [];
        }
    }

    /// <summary>The SignedData with <paramref name="certificates"/> added to those it carries; null when it is not a SignedData.</summary>
    public static byte[]? Attach(ReadOnlyMemory<byte> contentInfo, IReadOnlyList<X509Certificate> certificates)
    {
        if (Read(contentInfo) is not { } signed) return null;
        var present = (signed.Certificates?.Cast<Asn1Encodable>() ?? []).ToList();
        foreach (var certificate in certificates)
        {
            var structure = certificate.CertificateStructure;
            if (!present.Any(p => p.ToAsn1Object().Equals(structure.ToAsn1Object()))) present.Add(structure);
        }
        return Write(signed, new DerSet(present.ToArray()));
    }

    private static BcSignedData? Read(ReadOnlyMemory<byte> contentInfo)
    {
        try
        {
            var info = BcContentInfo.GetInstance(Asn1Object.FromByteArray(contentInfo.ToArray()));
            return info.ContentType.Equals(CmsObjectIdentifiers.SignedData) ? BcSignedData.GetInstance(info.Content) : null;
        }
        catch (Exception e) when (BouncyCastleFailures.IsDecodeFailure(e))
        {
            return null;
        }
    }

    private static byte[] Write(BcSignedData signed, Asn1Set? certificates) =>
        new BcContentInfo(CmsObjectIdentifiers.SignedData,
            new BcSignedData(signed.DigestAlgorithms, signed.EncapContentInfo, certificates, signed.CRLs, signed.SignerInfos)).GetEncoded(Asn1Encodable.Der);
}
