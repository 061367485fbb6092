using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;

namespace Gateway.Cms;

/// <summary>One SignerInfo of a <see cref="SignedDataParts"/>: BouncyCastle's structure, and the identifier that matches its certificate.</summary>
public sealed class SignedDataSigner
{
    private SignedDataSigner(SignerInfo info, SignerID id)
    {
        Info = info;
        Id = id;
    }

    public SignerInfo Info { get; }

    /// <summary>Issuer and serial number, or subjectKeyIdentifier, as BouncyCastle's own <c>SignerInformation</c> builds it.</summary>
    public SignerID Id { get; }

    /// <summary>The octets the signature covers when there are signed attributes: their DER encoding under an explicit SET OF tag (RFC 5652 §5.4).</summary>
    public byte[]? EncodedSignedAttributes() => Info.SignedAttrs?.GetEncoded(Asn1Encodable.Der);

    public byte[] Signature() => Info.Signature.GetOctets();

    /// <summary>Parses one SignerInfo; a malformed one throws as BouncyCastle throws.</summary>
    public static SignedDataSigner Read(ReadOnlyMemory<byte> encoding)
    {
        var info = SignerInfo.GetInstance(Asn1Object.FromByteArray(encoding.ToArray()));
        var id = new SignerID();
        try
        {
            if (info.SignerID.IsTagged)
            {
                id.SubjectKeyIdentifier = SubjectKeyIdentifier.GetInstance(info.SignerID.ID).GetEncoded(Asn1Encodable.Der);
            }
            else
            {
                var issuerAndSerial = IssuerAndSerialNumber.GetInstance(info.SignerID.ID);
                id.Issuer = issuerAndSerial.Issuer;
                id.SerialNumber = issuerAndSerial.SerialNumber.Value;
            }
        }
        catch (IOException e)
        {
            throw new ArgumentException("invalid sid in SignerInfo", e);
        }
        return new SignedDataSigner(info, id);
    }
}
