using System.Formats.Asn1;
using Gateway.Buffers;
using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;

namespace Gateway.Tests.Cms.Verification;

/// <summary>
/// The gateway's own read of a SignedData gives what BouncyCastle's whole parse gave (content, certificates in their
/// order, signer identifiers), finds the content where it lies without copying it, and gives each distinct certificate
/// one instance across messages.
/// </summary>
[Collection(VerificationCollection.Name)]
public sealed class SignedDataPartsTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("parts-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private FileBackedMemory InFile(byte[] octets)
    {
        var file = FileBackedMemory.CreateScratchFile(_directory);
        file.Write(octets);
        return FileBackedMemory.Map(file);
    }

    private static void AssertAsBouncyCastleReads(byte[] cms, SignedDataParts parts)
    {
        var whole = new CmsSignedData(cms);
        Assert.Equal(whole.SignedContentType.Id, parts.EContentType);
        Assert.Equal(Asn1OctetString.GetInstance(whole.SignedData.EncapContentInfo.Content).GetOctets(), parts.EContent!.Value.ToArray());
        Assert.Equal(whole.GetCertificates().EnumerateMatches(null).Select(c => c.GetEncoded()), parts.Certificates.Select(c => c.GetEncoded()));
        var signers = whole.GetSignerInfos().GetSigners();
        Assert.Equal(signers.Count, parts.Signers.Count);
        for (var i = 0; i < signers.Count; i++)
        {
            Assert.Equal(signers[i].SignerID, parts.Signers[i].Id);
            Assert.Equal(signers[i].GetSignature(), parts.Signers[i].Signature);
            Assert.Equal(signers[i].GetEncodedSignedAttributes(), parts.Signers[i].EncodedSignedAttributes());
            Assert.Equal(signers[i].DigestAlgorithmID, parts.Signers[i].DigestAlgorithm);
            Assert.Equal(signers[i].SignatureAlgorithm, parts.Signers[i].SignatureAlgorithm);
        }
    }

    [Fact]
    public async Task A_large_object_in_a_file_is_read_without_its_content_and_verifies_as_the_whole_one()
    {
        var ipm = X400TestContent.Ipm("large", new string('h', 600_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        using var mapped = InFile(cms);
        var context = new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow);

        var parts = SignedDataParts.Read(mapped.Memory);

        Assert.True(FileBackedMemory.TryGet(parts.EContent!.Value, out var owner, out var start, out var length));
        Assert.Same(mapped, owner);
        Assert.Equal(ipm.Length, length);
        Assert.Equal(ipm, cms.AsSpan(start, length).ToArray());
        AssertAsBouncyCastleReads(cms, parts);
        var whole = new SignatureVerifier().Verify(cms, context);
        var read = new SignatureVerifier().Verify(mapped.Memory, context, parts);
        Assert.Equal(SignatureStatus.Valid, whole.Status);
        Assert.Equal(whole.Status, read.Status);
        Assert.Equal(whole.Reason, read.Reason);
        Assert.Equal(ipm, read.Content.ToArray());
    }

    [Fact]
    public async Task Content_changed_in_the_file_fails_the_message_digest()
    {
        var ipm = X400TestContent.Ipm("large", new string('h', 300_000));
        var cms = await pki.SignAsync(ipm, pki.Rsa);
        var at = cms.AsSpan().IndexOf("hhhhhhhh"u8) + 100_000;
        cms[at] = (byte)'H';
        using var mapped = InFile(cms);

        var result = new SignatureVerifier().Verify(mapped.Memory, new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow), SignedDataParts.Read(mapped.Memory));

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.Contains("messageDigest does not match the sha256 digest of the content", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_BER_object_with_chunked_content_reads_as_BouncyCastle_reads_it_and_verifies()
    {
        var ipm = X400TestContent.Ipm("streamed", new string('s', 5_000));
        var ber = await pki.SignAsync(ipm, pki.Rsa, "-stream", "-certfile", pki.IntermediatePath); // indefinite lengths, chunked eContent
        Assert.Equal(0x80, ber[1]);

        var parts = SignedDataParts.Read(ber);

        AssertAsBouncyCastleReads(ber, parts);
        Assert.Equal(ipm, parts.EContent!.Value.ToArray());
        Assert.Equal(2, parts.Certificates.Count);
        Assert.Equal(SignatureStatus.Valid, new SignatureVerifier().Verify(ber, new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow), parts).Status);
    }

    [Fact]
    public async Task Signer_identifiers_by_key_identifier_several_signers_and_no_certificates_read_as_BouncyCastle_reads_them()
    {
        var byKeyId = await pki.SignAsync(X400TestContent.Ipm("ski", "x"), pki.Ec, "-keyid");
        var two = await pki.SignAsync(X400TestContent.Ipm("two", "x"), [pki.Rsa, pki.Ec]);
        var none = await pki.SignAsync(X400TestContent.Ipm("none", "x"), pki.Rsa, "-nocerts");

        AssertAsBouncyCastleReads(byKeyId, SignedDataParts.Read(byKeyId));
        Assert.NotNull(SignedDataParts.Read(byKeyId).Signers[0].Id.SubjectKeyIdentifier);
        AssertAsBouncyCastleReads(two, SignedDataParts.Read(two));
        Assert.Equal(2, SignedDataParts.Read(two).Signers.Count);
        AssertAsBouncyCastleReads(none, SignedDataParts.Read(none));
        Assert.Empty(SignedDataParts.Read(none).Certificates);
    }

    [Fact]
    public async Task The_same_certificate_in_two_messages_is_one_instance_and_a_changed_one_is_not_taken_for_it()
    {
        var first = SignedDataParts.Read(await pki.SignAsync(X400TestContent.Ipm("one", "x"), pki.Rsa, "-certfile", pki.IntermediatePath));
        var second = SignedDataParts.Read(await pki.SignAsync(X400TestContent.Ipm("two", "y"), pki.Rsa, "-certfile", pki.IntermediatePath));
        Assert.Same(first.Certificates[0], second.Certificates[0]);
        Assert.Same(first.Certificates[1], second.Certificates[1]);
        // The signer identifier and the algorithm identifiers too; the signed attributes and signature are each message's own.
        Assert.Same(first.Signers[0].Id, second.Signers[0].Id);
        Assert.Same(first.Signers[0].DigestAlgorithm, second.Signers[0].DigestAlgorithm);
        Assert.Same(first.Signers[0].SignatureAlgorithm, second.Signers[0].SignatureAlgorithm);
        Assert.NotEqual(first.Signers[0].Signature, second.Signers[0].Signature);

        // One octet of the signature value changed: a certificate that parses, that is not the one kept.
        var changed = first.Certificates[0].GetEncoded();
        changed[^1] ^= 0x01;
        var other = InternedCertificates.Get(changed);
        Assert.NotSame(first.Certificates[0], other);
        Assert.Equal(changed, other.GetEncoded());
        Assert.Same(other, InternedCertificates.Get(changed.AsSpan()));
    }

    [Fact]
    public async Task What_is_not_a_SignedData_is_refused_with_the_reason()
    {
        var enveloped = await pki.SignAsync(X400TestContent.Ipm("x", "x"), pki.Rsa);
        enveloped[enveloped.AsSpan().IndexOf(new byte[] { 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02 }) + 10] = 0x03; // id-envelopedData

        var wrongType = Assert.Throws<InvalidDataException>(() => SignedDataParts.Read(enveloped));
        Assert.Contains("not signedData", wrongType.Message, StringComparison.Ordinal);
        Assert.Throws<AsnContentException>(() => SignedDataParts.Read(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }));
        Assert.Throws<AsnContentException>(() => SignedDataParts.Read(new byte[] { 0x30, 0x05, 0x06, 0x03 }));
    }
}
