using Gateway.Tests.Cms;
using static Gateway.Tests.Hostile.Cms.Ber;
using static Gateway.Tests.Hostile.Cms.CmsSkeleton;

namespace Gateway.Tests.Hostile.Cms;

/// <summary>
/// The CMS/BER part of the hostile-input corpus: each case a named, deterministic mutation of <see cref="CmsSkeleton"/>
/// (or a hand-written encoding). The exact replies are data, in expected-replies.tsv.
/// </summary>
internal static class HostileCmsCorpus
{
    private const string Signed = "signed-x400";
    private const string Enveloped = "enveloped-x400";

    public static IReadOnlyDictionary<string, HostileCmsCase> Cases { get; } = Build().ToDictionary(c => c.Name);

    private static IEnumerable<HostileCmsCase> Build()
    {
        var skeleton = CmsSkeleton.Signed();
        var sd = SignedData();
        HostileCmsCase S(string name, byte[] body) => new(name, Signed, body);
        HostileCmsCase E(string name, byte[] body) => new(name, Enveloped, body);

        // The baselines: the skeletons as they are.
        yield return S("skeleton signed", skeleton);
        yield return E("skeleton enveloped", CmsSkeleton.Enveloped());

        // Indefinite lengths.
        yield return S("indefinite ContentInfo never terminated", [0x30, 0x80, .. skeleton[4..]]);
        yield return S("indefinite ContentInfo terminated", Indefinite(0x30, Oid(CmsOids.SignedData), Explicit0(sd)));
        yield return S("indefinite everywhere terminated", Indefinite(0x30, Oid(CmsOids.SignedData), Indefinite(0xA0, Indefinite(0x30, Int(1),
            Indefinite(0x31, AlgorithmId(Sha256)), Indefinite(0x30, Oid(CmsOids.Ipm88), Indefinite(0xA0, Octets(Ipm))), Indefinite(0x31, SignerInfo())))));
        yield return S("indefinite SignedData inside definite [0], unterminated", ContentInfo([0x30, 0x80, .. sd[4..]]));
        yield return S("indefinite nested 3 deep, innermost unterminated",
            Indefinite(0x30, Oid(CmsOids.SignedData), Indefinite(0xA0, [0x30, 0x80, .. sd[4..]])));
        yield return S("indefinite length on a primitive OCTET STRING eContent",
            ContentInfo(SignedData(encapsulated: EncapsulatedContent(content: Explicit0([0x04, 0x80, .. Ipm, 0x00, 0x00])))));
        yield return S("indefinite length on the INTEGER version", ContentInfo(SignedData(version: [0x02, 0x80, 0x01, 0x00, 0x00])));
        yield return S("indefinite length on the OBJECT IDENTIFIER contentType",
            ContentInfo(sd, type: [0x06, 0x80, .. Oid(CmsOids.SignedData)[2..], 0x00, 0x00]));
        yield return S("end-of-contents inside a definite SEQUENCE", ContentInfo(SignedData(trailing: [0x00, 0x00])));
        yield return S("end-of-contents with a nonzero length", Indefinite(0x30, Oid(CmsOids.SignedData), Explicit0(sd))[..^2].Concat(new byte[] { 0x00, 0x01, 0x00 }).ToArray());

        // Lengths.
        yield return S("ContentInfo length one past the end", [0x30, .. Length(skeleton.Length - 3), .. skeleton[4..]]);
        yield return S("SignedData length past the end", ContentInfo([0x30, 0x84, 0x00, 0x10, 0x00, 0x00, .. sd[4..]]));
        yield return S("length 2^63", [0x30, 0x88, 0x80, 0, 0, 0, 0, 0, 0, 0, .. skeleton[4..]]);
        yield return S("length 2^63 - 1", [0x30, 0x88, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. skeleton[4..]]);
        yield return S("length 0x84FFFFFFFF", [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF, .. skeleton[4..]]);
        yield return S("length of 9 octets", [0x30, 0x89, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, .. skeleton[4..]]);
        yield return S("length of 127 octets", [0x30, 0xFE, .. new byte[126], 0x01, .. skeleton[4..]]);
        yield return S("reserved length octet 0xFF", [0x30, 0xFF, .. skeleton[4..]]);
        yield return S("long-form length with leading zeros", [0x30, 0x84, 0x00, 0x00, skeleton[2], skeleton[3], .. skeleton[4..]]);
        yield return S("long-form length for a short value", ContentInfo(SignedData(version: [0x02, 0x81, 0x01, 0x01])));
        yield return S("length octets cut short", [0x30, 0x84, 0x00, 0x00]);
        yield return S("eContent OCTET STRING length past its [0]",
            ContentInfo(SignedData(encapsulated: EncapsulatedContent(content: Explicit0([0x04, 0x82, 0x7F, 0xFF, .. Ipm])))));
        yield return S("zero-length SignedData", ContentInfo([0x30, 0x00]));

        // Deep nesting.
        yield return S("10,000 nested constructed OCTET STRINGs as eContent",
            ContentInfo(SignedData(encapsulated: EncapsulatedContent(content: Explicit0(Nested(0x24, 10_000, Octets(Ipm)))))));
        yield return S("10,000 nested indefinite constructed OCTET STRINGs as eContent",
            Indefinite(0x30, Oid(CmsOids.SignedData), Indefinite(0xA0, Indefinite(0x30, Int(1), Set(AlgorithmId(Sha256)),
                Indefinite(0x30, Oid(CmsOids.Ipm88), Indefinite(0xA0, NestedIndefinite(0x24, 10_000, Octets(Ipm)))), Set(SignerInfo())))));
        yield return S("10,000 nested SEQUENCEs", Nested(0x30, 10_000, Null()));
        yield return S("10,000 nested indefinite SEQUENCEs, unterminated", NestedIndefinite(0x30, 10_000, [], terminated: false));
        yield return S("10,000 nested SEQUENCEs as a SignerInfo", ContentInfo(SignedData(signerInfos: Set(Nested(0x30, 10_000, Null())))));
        yield return S("10,000 nested [0] as the content", ContentInfo(Nested(0xA0, 10_000, Null())));
        yield return S("9 nested SignedData layers", Layers(9));
        yield return S("1,000 nested SignedData layers", Layers(1_000));

        // Huge and odd INTEGERs.
        yield return S("version of 100 KB", ContentInfo(SignedData(version: Int([0x01, .. new byte[100 * 1024]]))));
        yield return S("signer serial number of 100 KB",
            ContentInfo(SignedData(signerInfos: Set(SignerInfo(sid: IssuerAndSerial([0x01, .. Enumerable.Repeat((byte)0x77, 100 * 1024)]))))));
        yield return S("version -1", ContentInfo(SignedData(version: Int(0xFF))));
        yield return S("version 2^31", ContentInfo(SignedData(version: Int(0x00, 0x80, 0x00, 0x00, 0x00))));
        yield return S("version non-minimal", ContentInfo(SignedData(version: Int(0x00, 0x01))));
        yield return S("version empty INTEGER", ContentInfo(SignedData(version: Int())));
        yield return S("version 99", ContentInfo(SignedData(version: Int(99))));
        yield return S("SignerInfo version 100 KB", ContentInfo(SignedData(signerInfos: Set(SignerInfo(version: Int([0x01, .. new byte[100 * 1024]]))))));

        // Wrong tags.
        yield return S("ContentInfo is a SET", ContentInfo(sd, tag: 0x31));
        yield return S("ContentInfo contentType is an INTEGER", ContentInfo(sd, type: Int(2)));
        yield return S("ContentInfo content under [1]", ContentInfo(sd, explicitTag: 0xA1));
        yield return S("ContentInfo content [0] primitive", ContentInfo(sd, explicitTag: 0x80));
        yield return S("ContentInfo content missing", Seq(Oid(CmsOids.SignedData)));
        yield return S("SignedData is a SET", ContentInfo(SignedData(tag: 0x31)));
        yield return S("SignedData is an OCTET STRING", ContentInfo(SignedData(tag: 0x04)));
        yield return S("version is an OCTET STRING", ContentInfo(SignedData(version: Octets([0x01]))));
        yield return S("digestAlgorithms is a SEQUENCE", ContentInfo(SignedData(digestAlgorithms: Seq(AlgorithmId(Sha256)))));
        yield return S("digestAlgorithms missing", ContentInfo(Seq(Int(1), EncapsulatedContent(), Set(SignerInfo()))));
        yield return S("encapContentInfo is a SET", ContentInfo(SignedData(encapsulated: Tlv(0x31, Oid(CmsOids.Ipm88), Explicit0(Octets(Ipm))))));
        yield return S("eContentType is a UTF8String", ContentInfo(SignedData(encapsulated: EncapsulatedContent(type: Tlv(0x0C, "2.6.1.10.1"u8.ToArray())))));
        yield return S("eContent under [1]", ContentInfo(SignedData(encapsulated: EncapsulatedContent(content: Tlv(0xA1, Octets(Ipm))))));
        yield return S("eContent is a BIT STRING", ContentInfo(SignedData(encapsulated: EncapsulatedContent(content: Explicit0(Tlv(0x03, [0x00, .. Ipm]))))));
        yield return S("certificates [0] hold an INTEGER", ContentInfo(SignedData(certificates: Tlv(0xA0, Int(5)))));
        yield return S("certificates [0] hold an empty SEQUENCE", ContentInfo(SignedData(certificates: Tlv(0xA0, Seq()))));
        yield return S("certificate with its TBSCertificate as a SET",
            ContentInfo(SignedData(certificates: Tlv(0xA0, [0x30, .. Certificate()[1..4], 0x31, .. Certificate()[5..]]))));
        yield return S("certificates under [2]", ContentInfo(SignedData(certificates: Tlv(0xA2, Certificate()))));
        yield return S("crls [1] hold a BOOLEAN", ContentInfo(SignedData(crls: Tlv(0xA1, [0x01, 0x01, 0xFF]))));
        yield return S("signerInfos is a SEQUENCE", ContentInfo(SignedData(signerInfos: Seq(SignerInfo()))));
        yield return S("SignerInfo is a SET", ContentInfo(SignedData(signerInfos: Set([0x31, .. SignerInfo()[1..]]))));
        yield return S("SignerInfo sid is an OCTET STRING", ContentInfo(SignedData(signerInfos: Set(SignerInfo(sid: Octets([1, 2, 3]))))));
        yield return S("SignerInfo signature is a BIT STRING", ContentInfo(SignedData(signerInfos: Set(SignerInfo(signature: Tlv(0x03, [0x00, 0x5A]))))));
        yield return S("SignerInfo signedAttrs [0] hold an INTEGER", ContentInfo(SignedData(signerInfos: Set(SignerInfo(signedAttributes: Tlv(0xA0, Int(1)))))));
        yield return S("high tag number form as the ContentInfo tag", [0x3F, 0x81, 0x80, 0x00, .. skeleton[1..]]);
        yield return S("high tag number never ending", [0x3F, .. Enumerable.Repeat((byte)0xFF, 64)]);
        yield return S("a bare SignedData without its ContentInfo", sd);

        // Object identifiers.
        yield return S("contentType with a 0x80 padding sub-identifier", ContentInfo(sd, type: Tlv(0x06, [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x80, 0x02])));
        yield return S("contentType empty OBJECT IDENTIFIER", ContentInfo(sd, type: Tlv(0x06)));
        yield return S("contentType whose last sub-identifier never ends", ContentInfo(sd, type: Tlv(0x06, [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x82])));
        yield return S("contentType with a 700-bit arc", ContentInfo(sd, type: Tlv(0x06, [0x2A, .. Enumerable.Repeat((byte)0xFF, 100), 0x7F])));
        yield return S("contentType of 10,000 arcs", ContentInfo(sd, type: Tlv(0x06, [0x2A, .. Enumerable.Repeat((byte)0x01, 10_000)])));
        yield return S("contentType id-data", ContentInfo(sd, type: Oid(CmsOids.Data)));
        yield return S("contentType unknown 1.2.3.4", ContentInfo(sd, type: Oid("1.2.3.4")));
        yield return S("eContentType non-minimal", ContentInfo(SignedData(encapsulated: EncapsulatedContent(type: Tlv(0x06, [0x80, 0x56, 0x01, 0x0A, 0x01])))));
        yield return S("eContentType id-data under a signed-x400 label", ContentInfo(SignedData(encapsulated: EncapsulatedContent(type: Oid(CmsOids.Data)))));
        yield return S("eContentType unknown 1.2.3.4", ContentInfo(SignedData(encapsulated: EncapsulatedContent(type: Oid("1.2.3.4")))));
        yield return S("digest algorithm unknown 1.2.3.4", ContentInfo(SignedData(signerInfos: Set(SignerInfo(digestAlgorithm: AlgorithmId("1.2.3.4"))))));

        // Trailing garbage.
        yield return S("one zero octet after the ContentInfo", [.. skeleton, 0x00]);
        yield return S("end-of-contents after the ContentInfo", [.. skeleton, 0x00, 0x00]);
        yield return S("a second ContentInfo after the first", [.. skeleton, .. skeleton]);
        yield return S("an extra element after signerInfos", ContentInfo(SignedData(trailing: Int(7))));
        yield return S("bytes after the ContentInfo inside [0]", ContentInfo([.. sd, 0x05, 0x00]));

        // Signers and certificates.
        yield return S("empty SET OF signerInfos", ContentInfo(SignedData(signerInfos: Set())));
        yield return S("5,000 signers", ContentInfo(SignedData(signerInfos: Set([.. Enumerable.Repeat(SignerInfo(), 5_000).SelectMany(s => s)]))));
        yield return S("3,000 certificates", ContentInfo(SignedData(certificates: Tlv(0xA0, [.. Enumerable.Repeat(Certificate(), 3_000).SelectMany(c => c)]))));
        yield return S("one certificate-shaped certificate", ContentInfo(SignedData(certificates: Tlv(0xA0, Certificate()))));
        yield return S("SignerInfo version 3 with an issuerAndSerialNumber", ContentInfo(SignedData(signerInfos: Set(SignerInfo(version: Int(3))))));
        yield return S("SignerInfo subjectKeyIdentifier empty", ContentInfo(SignedData(signerInfos: Set(SignerInfo(version: Int(3), sid: Tlv(0x80))))));
        yield return S("digestAlgorithms empty", ContentInfo(SignedData(digestAlgorithms: Set())));

        // The label against the structure.
        yield return E("enveloped-x400 label on the signed skeleton", skeleton);
        yield return S("signed-x400 label on the enveloped skeleton", CmsSkeleton.Enveloped());

        // EnvelopedData.
        yield return E("enveloped recipientInfos empty", CmsSkeleton.Enveloped(EnvelopedData(recipientInfos: Set())));
        yield return E("enveloped encryptedContentInfo missing", CmsSkeleton.Enveloped(Seq(Int(0), Set(KeyTransRecipient()))));
        yield return E("enveloped version of 100 KB", CmsSkeleton.Enveloped(EnvelopedData(version: Int([0x01, .. new byte[100 * 1024]]))));
        yield return E("enveloped recipientInfo under [9]", CmsSkeleton.Enveloped(EnvelopedData(recipientInfos: Set(Tlv(0xA9, Int(0))))));
        yield return E("enveloped encryptedContent 10,000 nested constructed",
            CmsSkeleton.Enveloped(EnvelopedData(encryptedContentInfo: EncryptedContentInfo(encrypted: Nested(0xA0, 10_000, Octets([1, 2, 3]))))));
        yield return E("enveloped content type length past the end", CmsSkeleton.Enveloped(EnvelopedData(encryptedContentInfo: [0x30, 0x82, 0x40, 0x00, 0x06, 0x01])));
        yield return E("enveloped is a SET", CmsSkeleton.Enveloped(EnvelopedData(tag: 0x31)));

        // Not CMS at all.
        yield return S("a single 0x30", [0x30]);
        yield return S("1,000 octets of 0xFF", [.. Enumerable.Repeat((byte)0xFF, 1000)]);
        yield return S("only end-of-contents", [0x00, 0x00]);
        yield return S("an empty SEQUENCE", Seq());

        // Truncated at every structural boundary of the skeleton.
        foreach (var (where, offset) in DerBoundaries.Of(skeleton))
        {
            yield return S($"truncated {where} (offset {offset})", skeleton[..offset]);
        }
    }

    /// <summary><paramref name="count"/> SignedData layers, each the eContent (id-signedData) of the one around it.</summary>
    private static byte[] Layers(int count)
    {
        var inner = SignedData();
        for (var i = 1; i < count; i++)
        {
            inner = SignedData(encapsulated: EncapsulatedContent(type: Oid(CmsOids.SignedData), content: Explicit0(Octets(ContentInfo(inner)))), signerInfos: Set());
        }
        return ContentInfo(inner);
    }
}
