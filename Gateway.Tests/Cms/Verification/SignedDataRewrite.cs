using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>
/// Edits of a signed object in the fields the signature does not cover (the SignerInfo's signatureAlgorithm and sid, the
/// certificate set): what a sender or a relay on the way could have written, with the signature itself untouched.
/// </summary>
internal static class SignedDataRewrite
{
    public static byte[] WithSignatureAlgorithm(byte[] contentInfo, Func<AlgorithmIdentifier, AlgorithmIdentifier> change) =>
        WithSignerInfos(contentInfo, si => new SignerInfo(si.SignerID, si.DigestAlgorithm, si.SignedAttrs, change(si.SignatureAlgorithm), si.Signature, si.UnsignedAttrs));

    public static byte[] WithSignerInfos(byte[] contentInfo, Func<SignerInfo, SignerInfo> change)
    {
        var signedData = Read(contentInfo);
        var signerInfos = signedData.SignerInfos.Cast<Asn1Encodable>().Select(e => change(SignerInfo.GetInstance(e))).ToArray();
        return Write(new SignedData(signedData.DigestAlgorithms, signedData.EncapContentInfo, signedData.Certificates, signedData.CRLs, new DerSet(signerInfos)));
    }

    /// <summary>The first occurrence of <paramref name="marker"/> with its first octet changed: a content changed in transit.</summary>
    public static byte[] Tampered(byte[] contentInfo, ReadOnlySpan<byte> marker)
    {
        var copy = (byte[])contentInfo.Clone();
        var at = copy.AsSpan().IndexOf(marker);
        Assert.True(at >= 0, "marker not found in the signed object");
        copy[at] ^= 0x20;
        return copy;
    }

    private static SignedData Read(byte[] contentInfo) => SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(contentInfo)).Content);

    private static byte[] Write(SignedData signedData) => new ContentInfo(CmsObjectIdentifiers.SignedData, signedData).GetEncoded(Asn1Encodable.Der);
}
