using System.Formats.Asn1;
using System.Globalization;

namespace Gateway.Cms;

/// <summary>
/// Reads the layers of one CMS object (RFC 5652) for <see cref="CmsInspector"/>, outermost first, within
/// <see cref="CmsInspectionLimits"/>. Each layer's eContent is its own BER encoding and is scanned on its own before
/// it is read. Failures are thrown as <see cref="CmsFormatException"/>; the layers read so far stay in
/// <see cref="Layers"/>.
/// </summary>
internal sealed class CmsWalker(CmsInspectionLimits limits)
{
    // Enough to see a ContentInfo's or a SignedData/EnvelopedData's first two headers (X.690 lengths of up to
    // four octets) before deciding whether id-data content is worth reassembling and scanning.
    private const int ShapePrefixLength = 24;

    private List<LayerBuilder> _layers = [];
    private long _decoded;

    public IReadOnlyList<LayerBuilder> Layers => _layers;

    private readonly record struct Encapsulated(BerDocument Document, BerElement Octets, string ContentType, int LayerNumber, string Kind);

    public void Walk(ReadOnlyMemory<byte> input)
    {
        if (input.IsEmpty)
        {
            throw new CmsFormatException(CmsErrorKind.NotCms, "not a CMS object: the input is empty");
        }
        if (input.Length > limits.MaxSize)
        {
            throw new CmsFormatException(
                CmsErrorKind.TooLarge,
                string.Create(CultureInfo.InvariantCulture, $"too large: {input.Length} octets, the limit is {limits.MaxSize}"));
        }
        _decoded = input.Length;
        if (input.Span[0] != 0x30)
        {
            throw new CmsFormatException(
                CmsErrorKind.NotCms,
                $"not a CMS object: it begins with {BerDocument.DescribeFirstOctet(input.Span[0])} at offset 0, but a ContentInfo is a SEQUENCE");
        }
        var document = BerDocument.Scan(input, limits.MaxBerDepth, baseOffset: 0, origin: null, "CMS ContentInfo");
        var contentInfo = CmsCursor.Over(document, document.Root, CmsCursor.Sequence, "ContentInfo");
        if (!contentInfo.HasData || !contentInfo.Peek().Is(CmsCursor.ObjectIdentifier))
        {
            var first = contentInfo.HasData ? contentInfo.Peek() : (BerElement?)null;
            var found = first is { } f ? $"{BerDocument.Describe(f.Tag)} at {document.Where(f.Offset)}" : "nothing";
            var hint = first is { } g && g.Is(CmsCursor.Integer) ? " (a bare SignedData or EnvelopedData, without its ContentInfo?)" : "";
            throw new CmsFormatException(
                CmsErrorKind.NotCms,
                $"not a CMS object: the SEQUENCE at offset 0 begins with {found}, not a content type{hint}");
        }
        var type = contentInfo.ReadOid("contentType");
        if (KindOf(type) is null)
        {
            throw new CmsFormatException(
                CmsErrorKind.UnsupportedContentType,
                $"not a CMS protection type: the ContentInfo's content type is {CmsOidNames.Describe(type)}, not signedData, envelopedData, authEnvelopedData or compressedData");
        }
        ReadContentInfoContent(contentInfo, type, labelledAsData: false);
    }

    private static string? KindOf(string contentType) => contentType switch
    {
        CmsInspector.IdSignedData => CmsLayer.SignedData,
        CmsInspector.IdEnvelopedData => CmsLayer.EnvelopedData,
        CmsInspector.IdAuthEnvelopedData => CmsLayer.AuthEnvelopedData,
        CmsInspector.IdCompressedData => CmsLayer.CompressedData,
        _ => null,
    };

    /// <summary>The <c>[0] EXPLICIT</c> content of a ContentInfo whose contentType was just read.</summary>
    private void ReadContentInfoContent(CmsCursor contentInfo, string type, bool labelledAsData)
    {
        var explicitContent = contentInfo.Read(CmsCursor.Context(0), "content");
        contentInfo.ExpectEnd();
        var content = contentInfo.Enter(explicitContent, "content");
        var layer = content.Read("content");
        content.ExpectEnd();
        ReadLayer(type, contentInfo.Document, layer, CmsLayerEncoding.ContentInfo, labelledAsData);
    }

    private void ReadLayer(string type, BerDocument document, BerElement element, CmsLayerEncoding encoding, bool labelledAsData)
    {
        var kind = KindOf(type)!;
        var builder = new LayerBuilder(kind, encoding, labelledAsData);
        _layers.Add(builder);
        var number = _layers.Count;
        var cursor = CmsCursor.Over(document, element, CmsCursor.Sequence, $"layer {number.ToString(CultureInfo.InvariantCulture)} {kind}");
        Encapsulated? encapsulated = null;
        switch (kind)
        {
            case CmsLayer.SignedData:
                encapsulated = ReadSignedData(cursor, builder, number);
                break;
            case CmsLayer.EnvelopedData:
                ReadEnvelopedData(cursor, builder, authenticated: false);
                break;
            case CmsLayer.AuthEnvelopedData:
                ReadEnvelopedData(cursor, builder, authenticated: true);
                break;
            default:
                ReadCompressedData(cursor, builder);
                break;
        }
        builder.IsComplete = true;

        // Checked once the layer is known to be one, so that id-data content that merely looks like CMS at the
        // limit is not refused for depth.
        if (_layers.Count > limits.MaxNestingDepth)
        {
            throw new CmsFormatException(
                CmsErrorKind.TooManyLayers,
                string.Create(CultureInfo.InvariantCulture, $"nested deeper than {limits.MaxNestingDepth} CMS layers"));
        }
        if (encapsulated is { } inner)
        {
            Descend(inner);
        }
    }

    private Encapsulated? ReadSignedData(CmsCursor signedData, LayerBuilder builder, int number)
    {
        builder.Version = signedData.ReadVersion("version");
        var digests = signedData.Enter(signedData.Read(CmsCursor.Set, "digestAlgorithms"), "digestAlgorithms");
        while (digests.HasData)
        {
            builder.DigestAlgorithms.Add(digests.ReadAlgorithm(Index(builder.DigestAlgorithms.Count)));
        }
        var octets = ReadEncapsulatedContentInfo(signedData, builder);
        if (signedData.TryRead(CmsCursor.Context(0), out var certificates))
        {
            builder.CertificateCount = CountChoices(signedData, certificates, "certificates", IsCertificateChoice, "a CertificateChoices (SEQUENCE or [0]..[3])");
        }
        if (signedData.TryRead(CmsCursor.Context(1), out var crls))
        {
            builder.CrlCount = CountChoices(signedData, crls, "crls", IsRevocationInfoChoice, "a RevocationInfoChoice (SEQUENCE or [1])");
        }
        var signerInfos = signedData.Enter(signedData.Read(CmsCursor.Set, "signerInfos"), "signerInfos");
        while (signerInfos.HasData)
        {
            builder.Signers.Add(ReadSignerInfo(signerInfos, Index(builder.Signers.Count)));
        }
        signedData.ExpectEnd();
        return octets is { } o ? new Encapsulated(signedData.Document, o, builder.DeclaredInnerType!, number, builder.Kind) : null;
    }

    private static void ReadCompressedData(CmsCursor compressedData, LayerBuilder builder)
    {
        builder.Version = compressedData.ReadVersion("version");
        builder.CompressionAlgorithm = compressedData.ReadAlgorithm("compressionAlgorithm");
        ReadEncapsulatedContentInfo(compressedData, builder);
        compressedData.ExpectEnd();
    }

    /// <summary>EncapsulatedContentInfo: records the declared type and size; returns the eContent OCTET STRING if present.</summary>
    private static BerElement? ReadEncapsulatedContentInfo(CmsCursor parent, LayerBuilder builder)
    {
        var encap = parent.Enter(parent.Read(CmsCursor.Sequence, "encapContentInfo"), "encapContentInfo");
        builder.DeclaredInnerType = encap.ReadOid("eContentType");
        BerElement? octets = null;
        if (encap.TryRead(CmsCursor.Context(0), out var explicitContent))
        {
            var eContent = encap.Enter(explicitContent, "eContent");
            var value = eContent.ReadOctetString("OCTET STRING");
            eContent.ExpectEnd();
            builder.ContentLength = eContent.OctetStringLength(value, "OCTET STRING");
            octets = value;
        }
        encap.ExpectEnd();
        return octets;
    }

    private static CmsSigner ReadSignerInfo(CmsCursor signerInfos, string field)
    {
        var signerInfo = signerInfos.Enter(signerInfos.Read(CmsCursor.Sequence, field), field);
        var version = signerInfo.ReadVersion("version");
        var identifier = ReadIdentifier(signerInfo, signerInfo.Read("sid"), "sid");
        var digest = signerInfo.ReadAlgorithm("digestAlgorithm");
        string? signedContentType = null;
        if (signerInfo.TryRead(CmsCursor.Context(0), out var signedAttributes))
        {
            signedContentType = ReadContentTypeAttribute(signerInfo.Enter(signedAttributes, "signedAttrs"));
        }
        var signature = signerInfo.ReadAlgorithm("signatureAlgorithm");
        signerInfo.ReadOctetString("signature");
        if (signerInfo.TryRead(CmsCursor.Context(1), out var unsignedAttributes))
        {
            signerInfo.Enter(unsignedAttributes, "unsignedAttrs");
        }
        signerInfo.ExpectEnd();
        return new CmsSigner(version, identifier, digest, signature, signedContentType);
    }

    /// <summary>RFC 5652 §11.1: exactly one content-type attribute with exactly one value, when signed attributes exist.</summary>
    private static string? ReadContentTypeAttribute(CmsCursor attributes)
    {
        string? contentType = null;
        var index = 0;
        while (attributes.HasData)
        {
            var field = Index(index++);
            var element = attributes.Read(CmsCursor.Sequence, field);
            var attribute = attributes.Enter(element, field);
            var type = attribute.ReadOid("attrType");
            var values = attribute.Enter(attribute.Read(CmsCursor.Set, "attrValues"), "attrValues");
            attribute.ExpectEnd();
            if (type != "1.2.840.113549.1.9.3")
            {
                continue;
            }
            if (contentType is not null)
            {
                throw attributes.Fail(element, field, "a second content-type attribute (RFC 5652 §11.1 allows one)");
            }
            contentType = values.ReadOid("[0]");
            values.ExpectEnd();
        }
        return contentType;
    }

    /// <summary>SignerIdentifier, RecipientIdentifier, KeyAgreeRecipientIdentifier: issuer and serial, or a key identifier.</summary>
    private static string ReadIdentifier(CmsCursor parent, BerElement element, string field)
    {
        if (element.Is(CmsCursor.Sequence))
        {
            var issuerAndSerial = parent.Enter(element, field);
            var issuer = DistinguishedNameFormatter.Format(issuerAndSerial, issuerAndSerial.Read(CmsCursor.Sequence, "issuer"), "issuer");
            var serial = issuerAndSerial.SerialHex(issuerAndSerial.Read(CmsCursor.Integer, "serialNumber"), "serialNumber");
            issuerAndSerial.ExpectEnd();
            return $"issuer={issuer} serial={serial}";
        }
        if (element.Is(CmsCursor.Context(0)))
        {
            return $"ski={parent.OctetStringHex(element, field)}";
        }
        throw parent.Fail(element, field, $"expected issuerAndSerialNumber (SEQUENCE) or subjectKeyIdentifier ([0]), found {BerDocument.Describe(element.Tag)}");
    }

    private static void ReadEnvelopedData(CmsCursor envelopedData, LayerBuilder builder, bool authenticated)
    {
        builder.Version = envelopedData.ReadVersion("version");
        if (envelopedData.TryRead(CmsCursor.Context(0), out var originatorInfoElement))
        {
            var originatorInfo = envelopedData.Enter(originatorInfoElement, "originatorInfo");
            if (originatorInfo.TryRead(CmsCursor.Context(0), out var certificates))
            {
                builder.CertificateCount = CountChoices(originatorInfo, certificates, "certs", IsCertificateChoice, "a CertificateChoices (SEQUENCE or [0]..[3])");
            }
            if (originatorInfo.TryRead(CmsCursor.Context(1), out var crls))
            {
                builder.CrlCount = CountChoices(originatorInfo, crls, "crls", IsRevocationInfoChoice, "a RevocationInfoChoice (SEQUENCE or [1])");
            }
            originatorInfo.ExpectEnd();
        }
        var recipientInfosElement = envelopedData.Read(CmsCursor.Set, "recipientInfos");
        var recipientInfos = envelopedData.Enter(recipientInfosElement, "recipientInfos");
        for (var index = 0; recipientInfos.HasData; index++)
        {
            ReadRecipientInfo(recipientInfos, Index(index), builder.Recipients);
        }
        if (builder.Recipients.Count == 0 && recipientInfosElement.ContentLength == 0)
        {
            throw envelopedData.Fail(recipientInfosElement, "recipientInfos", "empty; RFC 5652 §6.1 requires one RecipientInfo or more");
        }

        var field = authenticated ? "authEncryptedContentInfo" : "encryptedContentInfo";
        var encryptedContentInfo = envelopedData.Enter(envelopedData.Read(CmsCursor.Sequence, field), field);
        builder.DeclaredInnerType = encryptedContentInfo.ReadOid("contentType");
        builder.ContentEncryptionAlgorithm = encryptedContentInfo.ReadAlgorithm("contentEncryptionAlgorithm");
        if (encryptedContentInfo.TryRead(CmsCursor.Context(0), out var encryptedContent))
        {
            builder.ContentLength = encryptedContentInfo.OctetStringLength(encryptedContent, "encryptedContent");
        }
        encryptedContentInfo.ExpectEnd();

        if (authenticated)
        {
            if (envelopedData.TryRead(CmsCursor.Context(1), out var authAttributes))
            {
                envelopedData.Enter(authAttributes, "authAttrs");
            }
            envelopedData.ReadOctetString("mac");
            if (envelopedData.TryRead(CmsCursor.Context(2), out var unauthAttributes))
            {
                envelopedData.Enter(unauthAttributes, "unauthAttrs");
            }
        }
        else if (envelopedData.TryRead(CmsCursor.Context(1), out var unprotectedAttributes))
        {
            envelopedData.Enter(unprotectedAttributes, "unprotectedAttrs");
        }
        envelopedData.ExpectEnd();
    }

    private static void ReadRecipientInfo(CmsCursor recipientInfos, string field, List<CmsRecipient> recipients)
    {
        var element = recipientInfos.Read(field);
        if (element.Is(CmsCursor.Sequence))
        {
            var ktri = recipientInfos.Enter(element, $"{field}.ktri");
            ktri.ReadVersion("version");
            var identifier = ReadIdentifier(ktri, ktri.Read("rid"), "rid");
            var algorithm = ktri.ReadAlgorithm("keyEncryptionAlgorithm");
            ktri.ReadOctetString("encryptedKey");
            ktri.ExpectEnd();
            recipients.Add(new CmsRecipient("ktri", identifier, algorithm));
            return;
        }
        if (element.Tag.TagClass != TagClass.ContextSpecific)
        {
            throw recipientInfos.Fail(element, field, $"expected a RecipientInfo (SEQUENCE or [1]..[4]), found {BerDocument.Describe(element.Tag)}");
        }
        switch (element.Tag.TagValue)
        {
            case 1:
            {
                var kari = recipientInfos.Enter(element, $"{field}.kari");
                kari.ReadVersion("version");
                kari.Enter(kari.Read(CmsCursor.Context(0), "originator"), "originator");
                if (kari.TryRead(CmsCursor.Context(1), out var ukm))
                {
                    kari.Enter(ukm, "ukm");
                }
                var algorithm = kari.ReadAlgorithm("keyEncryptionAlgorithm");
                var keys = kari.Enter(kari.Read(CmsCursor.Sequence, "recipientEncryptedKeys"), "recipientEncryptedKeys");
                for (var index = 0; keys.HasData; index++)
                {
                    var keyField = Index(index);
                    var key = keys.Enter(keys.Read(CmsCursor.Sequence, keyField), keyField);
                    var rid = key.Read("rid");
                    string identifier;
                    if (rid.Is(CmsCursor.Context(0)))
                    {
                        // rKeyId [0] IMPLICIT RecipientKeyIdentifier: a SEQUENCE holding the key identifier.
                        var keyIdentifier = key.Enter(rid, "rKeyId");
                        identifier = $"ski={keyIdentifier.OctetStringHex(keyIdentifier.ReadOctetString("subjectKeyIdentifier"), "subjectKeyIdentifier")}";
                        if (keyIdentifier.HasData && keyIdentifier.Peek().Is(CmsCursor.GeneralizedTime))
                        {
                            keyIdentifier.Read("date");
                        }
                        if (keyIdentifier.HasData)
                        {
                            keyIdentifier.Read(CmsCursor.Sequence, "other");
                        }
                        keyIdentifier.ExpectEnd();
                    }
                    else
                    {
                        identifier = ReadIdentifier(key, rid, "rid");
                    }
                    key.ReadOctetString("encryptedKey");
                    key.ExpectEnd();
                    recipients.Add(new CmsRecipient("kari", identifier, algorithm));
                }
                kari.ExpectEnd();
                return;
            }
            case 2:
            {
                var kekri = recipientInfos.Enter(element, $"{field}.kekri");
                kekri.ReadVersion("version");
                var kekId = kekri.Enter(kekri.Read(CmsCursor.Sequence, "kekid"), "kekid");
                var keyIdentifier = kekId.OctetStringHex(kekId.ReadOctetString("keyIdentifier"), "keyIdentifier");
                if (kekId.HasData && kekId.Peek().Is(CmsCursor.GeneralizedTime))
                {
                    kekId.Read("date");
                }
                if (kekId.HasData)
                {
                    kekId.Read(CmsCursor.Sequence, "other");
                }
                kekId.ExpectEnd();
                var algorithm = kekri.ReadAlgorithm("keyEncryptionAlgorithm");
                kekri.ReadOctetString("encryptedKey");
                kekri.ExpectEnd();
                recipients.Add(new CmsRecipient("kekri", $"kek={keyIdentifier}", algorithm));
                return;
            }
            case 3:
            {
                var pwri = recipientInfos.Enter(element, $"{field}.pwri");
                pwri.ReadVersion("version");
                if (pwri.TryRead(CmsCursor.Context(0), out var keyDerivation))
                {
                    var derivation = pwri.Enter(keyDerivation, "keyDerivationAlgorithm");
                    derivation.ReadOid("algorithm");
                    if (derivation.HasData)
                    {
                        derivation.Read("parameters");
                    }
                    derivation.ExpectEnd();
                }
                var algorithm = pwri.ReadAlgorithm("keyEncryptionAlgorithm");
                pwri.ReadOctetString("encryptedKey");
                pwri.ExpectEnd();
                recipients.Add(new CmsRecipient("pwri", null, algorithm));
                return;
            }
            case 4:
            {
                var ori = recipientInfos.Enter(element, $"{field}.ori");
                var type = ori.ReadOid("oriType");
                ori.Read("oriValue");
                ori.ExpectEnd();
                recipients.Add(new CmsRecipient("ori", $"ori={type}", null));
                return;
            }
            default:
                throw recipientInfos.Fail(element, field, $"expected a RecipientInfo (SEQUENCE or [1]..[4]), found {BerDocument.Describe(element.Tag)}");
        }
    }

    /// <summary>Follows a SignedData's eContent into the layer it holds, if it holds one.</summary>
    private void Descend(Encapsulated inner)
    {
        if (inner.ContentType == CmsInspector.IdData)
        {
            Probe(inner);
            return;
        }
        if (KindOf(inner.ContentType) is null && inner.ContentType != CmsInspector.IdContentInfo)
        {
            return; // X.400 (or other) content: the end of the chain.
        }

        // RFC 3854 §3.4: the eContentType names the layer, encoded directly; a ContentInfo there is tolerated.
        var document = Open(inner);
        var root = document.Root;
        var where = EContentPath(inner);
        if (!root.Is(CmsCursor.Sequence))
        {
            throw new CmsFormatException(
                CmsErrorKind.Malformed,
                $"malformed CMS: {where} at {document.Where(0)}: eContentType {CmsOidNames.Describe(inner.ContentType)} but the eContent is {BerDocument.Describe(root.Tag)}, not a SEQUENCE");
        }
        var cursor = CmsCursor.Over(document, root, CmsCursor.Sequence, $"layer {(_layers.Count + 1).ToString(CultureInfo.InvariantCulture)} ContentInfo");
        if (cursor.HasData && cursor.Peek().Is(CmsCursor.ObjectIdentifier))
        {
            var type = cursor.ReadOid("contentType");
            if (inner.ContentType == CmsInspector.IdContentInfo)
            {
                if (KindOf(type) is not null)
                {
                    ReadContentInfoContent(cursor, type, labelledAsData: false);
                }
                return; // A ContentInfo of data: no further layer.
            }
            if (type != inner.ContentType)
            {
                throw new CmsFormatException(
                    CmsErrorKind.Malformed,
                    $"malformed CMS: {where} at {document.Where(0)}: eContentType {CmsOidNames.Describe(inner.ContentType)} but the eContent is a ContentInfo of {CmsOidNames.Describe(type)}");
            }
            ReadContentInfoContent(cursor, type, labelledAsData: false);
            return;
        }
        if (inner.ContentType == CmsInspector.IdContentInfo)
        {
            throw new CmsFormatException(
                CmsErrorKind.Malformed,
                $"malformed CMS: {where} at {document.Where(0)}: eContentType id-ct-contentInfo but the eContent does not begin with a content type");
        }
        ReadLayer(inner.ContentType, document, root, CmsLayerEncoding.Bare, labelledAsData: false);
    }

    /// <summary>
    /// id-data eContent: S/MIME v2 labelling, which OpenSSL keeps for nested layers. It is a nested layer when it
    /// parses completely as a ContentInfo of a CMS layer type, a SignedData or an EnvelopedData; otherwise it is
    /// data, and no error. Resource limits hit on the way still refuse the object.
    /// </summary>
    private void Probe(Encapsulated inner)
    {
        var octets = CmsCursor.ForElements(inner.Document, EContentPath(inner));
        if (!LooksLikeCms(octets.OctetStringPrefix(inner.Octets, ShapePrefixLength)))
        {
            return;
        }
        var saved = _layers;
        _layers = [.. saved];
        try
        {
            var document = Open(inner);
            var root = document.Root;
            var cursor = CmsCursor.Over(document, root, CmsCursor.Sequence, $"layer {(_layers.Count + 1).ToString(CultureInfo.InvariantCulture)} ContentInfo");
            if (cursor.HasData && cursor.Peek().Is(CmsCursor.ObjectIdentifier))
            {
                var type = cursor.ReadOid("contentType");
                if (KindOf(type) is null)
                {
                    _layers = saved;
                    return;
                }
                ReadContentInfoContent(cursor, type, labelledAsData: true);
                return;
            }
            try
            {
                ReadLayer(CmsInspector.IdSignedData, document, root, CmsLayerEncoding.Bare, labelledAsData: true);
            }
            catch (CmsFormatException e) when (!e.IsLimit)
            {
                _layers = [.. saved];
                ReadLayer(CmsInspector.IdEnvelopedData, document, root, CmsLayerEncoding.Bare, labelledAsData: true);
            }
        }
        catch (CmsFormatException e) when (!e.IsLimit)
        {
            _layers = saved;
        }
    }

    /// <summary>A SEQUENCE whose first element is an OBJECT IDENTIFIER (ContentInfo) or an INTEGER (a version).</summary>
    private static bool LooksLikeCms(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 4 || prefix[0] != 0x30)
        {
            return false;
        }
        var lengthOctets = prefix[1] switch
        {
            < 0x80 or 0x80 => 1,
            >= 0x81 and <= 0x84 => 1 + (prefix[1] & 0x7F),
            _ => -1,
        };
        return lengthOctets > 0 && 1 + lengthOctets < prefix.Length && prefix[1 + lengthOctets] is 0x06 or 0x02;
    }

    /// <summary>The eContent as a scanned document: read in place when primitive, reassembled (and paid for) when constructed.</summary>
    private BerDocument Open(Encapsulated inner)
    {
        var octets = inner.Octets;
        var document = inner.Document;
        var what = $"{CmsOidNames.Describe(inner.ContentType)} in the eContent of layer {inner.LayerNumber.ToString(CultureInfo.InvariantCulture)}";
        if (!octets.IsConstructed)
        {
            var slice = document.Data.Slice(octets.ContentOffset, octets.ContentLength);
            return BerDocument.Scan(slice, limits.MaxBerDepth, document.BaseOffset + octets.ContentOffset, document.Origin, what);
        }
        var cursor = CmsCursor.ForElements(document, EContentPath(inner));
        var length = cursor.OctetStringLength(octets, "OCTET STRING");
        if (_decoded + length > limits.MaxSize)
        {
            throw new CmsFormatException(
                CmsErrorKind.TooLarge,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"too large: reassembling the eContent of layer {inner.LayerNumber} ({length} octets) brings the octets decoded to {_decoded + length}, the limit is {limits.MaxSize}"));
        }
        _decoded += length;
        var bytes = cursor.OctetStringBytes(octets, "OCTET STRING");
        var origin = $"the reassembled eContent of layer {inner.LayerNumber.ToString(CultureInfo.InvariantCulture)}";
        return BerDocument.Scan(bytes, limits.MaxBerDepth, baseOffset: 0, origin, what);
    }

    private static string EContentPath(Encapsulated inner) =>
        $"layer {inner.LayerNumber.ToString(CultureInfo.InvariantCulture)} {inner.Kind}.encapContentInfo.eContent";

    /// <summary>
    /// The members of certificates or crls, each of a tag its CHOICE allows (RFC 5652 §10.2.1, §10.2.2). Anything else
    /// would pass the relay unchanged when the verifier skips it, or reach the verifier's decoder and be refused in its words.
    /// </summary>
    private static int CountChoices(CmsCursor parent, BerElement set, string field, Func<Asn1Tag, bool> allowed, string expected)
    {
        var elements = parent.Enter(set, field);
        var count = 0;
        while (elements.HasData)
        {
            var index = Index(count);
            var element = elements.Read(index);
            if (!allowed(element.Tag))
            {
                throw elements.Fail(element, index, $"expected {expected}, found {BerDocument.Describe(element.Tag)}");
            }
            if (field is "certificates" or "certs" && element.Is(CmsCursor.Sequence)) CheckCertificate(elements.Enter(element, index));
            count++;
        }
        return count;
    }

    /// <summary>
    /// The outline of an X.509 Certificate (RFC 5280 §4.1): the verifier's decoder would refuse anything else in its own
    /// words ("Bad sequence size: 0 (Parameter 'seq')"), as a signature fault rather than a malformed object.
    /// </summary>
    private static void CheckCertificate(CmsCursor certificate)
    {
        certificate.Read(CmsCursor.Sequence, "tbsCertificate");
        certificate.Read(CmsCursor.Sequence, "signatureAlgorithm");
        certificate.Read(BitString, "signatureValue");
        certificate.ExpectEnd();
    }

    private static readonly Asn1Tag BitString = new(UniversalTagNumber.BitString);

    private static bool IsCertificateChoice(Asn1Tag tag) =>
        tag.IsConstructed && (tag.HasSameClassAndValue(Asn1Tag.Sequence) || tag is { TagClass: TagClass.ContextSpecific, TagValue: >= 0 and <= 3 });

    private static bool IsRevocationInfoChoice(Asn1Tag tag) =>
        tag.IsConstructed && (tag.HasSameClassAndValue(Asn1Tag.Sequence) || tag is { TagClass: TagClass.ContextSpecific, TagValue: 1 });

    private static string Index(int index) => $"[{index.ToString(CultureInfo.InvariantCulture)}]";
}
