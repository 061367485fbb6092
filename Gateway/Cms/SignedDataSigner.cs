using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Cms;

namespace Gateway.Cms;

/// <summary>
/// One SignerInfo of a <see cref="SignedDataParts"/> (RFC 5652 §5.3), read with the platform's BER reader. The signer
/// identifier and the two algorithm identifiers are BouncyCastle's objects, parsed once per distinct encoding (the same
/// few come with every message); the signed attributes and the signature are slices of the message.
/// </summary>
public sealed class SignedDataSigner
{
    private static readonly Asn1Tag Context0 = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Context1 = new(TagClass.ContextSpecific, 1);

    private static readonly InternedEncodings<SignerID> SignerIds = new(512, ParseSignerId);
    private static readonly InternedEncodings<AlgorithmIdentifier> Algorithms =
        new(64, octets => AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(octets)));

    private SignedDataSigner(SignerID id, AlgorithmIdentifier digestAlgorithm, ReadOnlyMemory<byte>? signedAttributes,
        AlgorithmIdentifier signatureAlgorithm, byte[] signature)
    {
        Id = id;
        DigestAlgorithm = digestAlgorithm;
        SignedAttributes = signedAttributes;
        SignatureAlgorithm = signatureAlgorithm;
        Signature = signature;
    }

    /// <summary>Issuer and serial number, or subjectKeyIdentifier, as BouncyCastle's own <c>SignerInformation</c> builds it. Shared: not to be changed.</summary>
    public SignerID Id { get; }

    public AlgorithmIdentifier DigestAlgorithm { get; }

    /// <summary>The signedAttrs as received, under their <c>[0] IMPLICIT</c> tag; null when there are none.</summary>
    public ReadOnlyMemory<byte>? SignedAttributes { get; }

    public AlgorithmIdentifier SignatureAlgorithm { get; }

    public byte[] Signature { get; }

    /// <summary>
    /// The octets a signature over the signed attributes covers (RFC 5652 §5.4): their DER encoding under an explicit
    /// SET OF tag. What a signer sent is used as it is when it is DER already (<see cref="DerForm"/>), as any signer that
    /// follows the RFC sends it; otherwise BouncyCastle re-encodes it. Null when there are none; a set BouncyCastle cannot
    /// read throws as it throws.
    /// </summary>
    public byte[]? EncodedSignedAttributes()
    {
        if (SignedAttributes is not { } attributes) return null;
        var octets = attributes.ToArray();
        // [0] IMPLICIT SET OF and SET OF differ in the identifier octet alone (constructed either way).
        octets[0] = 0x31;
        return DerForm.IsDer(octets) ? octets : Asn1Set.GetInstance(Asn1Object.FromByteArray(octets)).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>Reads one SignerInfo; a malformed one throws <see cref="AsnContentException"/> or as BouncyCastle throws.</summary>
    public static SignedDataSigner Read(ReadOnlyMemory<byte> encoding)
    {
        var reader = new AsnReader(encoding, AsnEncodingRules.BER);
        var info = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        info.ReadIntegerBytes(); // version: 1 or 3, as the sid says; BouncyCastle does not check it either
        var id = SignerIds.Get(info.ReadEncodedValue().Span);
        var digestAlgorithm = Algorithm(info, "digestAlgorithm");
        ReadOnlyMemory<byte>? signedAttributes = null;
        if (info.HasData && info.PeekTag().HasSameClassAndValue(Context0))
        {
            if (!info.PeekTag().IsConstructed) throw new AsnContentException("signedAttrs is not constructed");
            signedAttributes = info.ReadEncodedValue();
        }
        var signatureAlgorithm = Algorithm(info, "signatureAlgorithm");
        var signature = info.ReadOctetString();
        if (info.HasData && info.PeekTag().HasSameClassAndValue(Context1))
        {
            info.ReadEncodedValue(); // unsignedAttrs: nothing the gateway checks
        }
        info.ThrowIfNotEmpty();
        return new SignedDataSigner(id, digestAlgorithm, signedAttributes, signatureAlgorithm, signature);
    }

    private static AlgorithmIdentifier Algorithm(AsnReader info, string field)
    {
        if (info.PeekTag() != Asn1Tag.Sequence) throw new AsnContentException($"{field} is not an AlgorithmIdentifier");
        return Algorithms.Get(info.ReadEncodedValue().Span);
    }

    private static SignerID ParseSignerId(byte[] octets)
    {
        var identifier = SignerIdentifier.GetInstance(Asn1Object.FromByteArray(octets));
        var id = new SignerID();
        try
        {
            if (identifier.IsTagged)
            {
                id.SubjectKeyIdentifier = SubjectKeyIdentifier.GetInstance(identifier.ID).GetEncoded(Asn1Encodable.Der);
            }
            else
            {
                var issuerAndSerial = IssuerAndSerialNumber.GetInstance(identifier.ID);
                id.Issuer = issuerAndSerial.Issuer;
                id.SerialNumber = issuerAndSerial.SerialNumber.Value;
            }
        }
        catch (IOException e)
        {
            throw new ArgumentException("invalid sid in SignerInfo", e);
        }
        return id;
    }
}
