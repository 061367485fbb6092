using Gateway.Cms;
using Gateway.Cms.Verification;
using Gateway.Tests.Integration;

namespace Gateway.Tests.Cms.Verification;

/// <summary>SignedData made by `openssl cms -sign` with every algorithm RFC 3854 §2 asks a receiver to take, verified.</summary>
[Collection(VerificationCollection.Name)]
public sealed class SignatureVerifierTests(VerificationPki pki)
{
    internal static readonly byte[] Ipm = X400TestContent.Ipm("verified", "an IPM under SignedData, signed by OpenSSL");

    internal const string IdData = "1.2.840.113549.1.7.1";

    private readonly SignatureVerifier _verifier = new();

    private SignatureVerification Verify(byte[] der, ISignerCertificateSource? source = null) =>
        _verifier.Verify(der, new VerificationContext(pki.Anchors, source ?? CertificateCollectionSource.Empty, DateTimeOffset.UtcNow));

    private static SignerVerification AssertValid(SignatureVerification result, PkiSigner signer)
    {
        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal("valid", result.AuditName);
        Assert.Equal(VerificationPki.Ipm88, result.EContentType);
        Assert.Equal(Ipm, result.Content.ToArray());
        var verified = Assert.Single(result.Signers);
        Assert.Equal(SignatureStatus.Valid, verified.Status);
        Assert.Equal(signer.Certificate, verified.Certificate);
        Assert.Equal(signer.Subject, verified.Subject);
        Assert.Equal($"CN=Verification Root,O={VerificationPki.Organisation}", verified.Issuer);
        Assert.Equal(Convert.ToHexString(signer.Certificate.SerialNumber.ToByteArrayUnsigned()), verified.SerialNumber);
        Assert.Equal($"issuer={verified.Issuer} serial={verified.SerialNumber}", verified.Identifier);
        Assert.Equal($"signature by {signer.Subject}, issued under trust anchor CN=Verification Root,O={VerificationPki.Organisation}, verified", verified.Reason);
        Assert.Equal(verified.Reason, result.Reason);
        Assert.Equal(signer.X400Address is null ? [] : [signer.X400Address], verified.X400Addresses);
        Assert.NotNull(verified.SigningTime); // OpenSSL always adds one
        Assert.InRange(verified.SigningTime.Value, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty(verified.UnknownSignedAttributes);
        return verified;
    }

    [Fact]
    public async Task RSA_with_SHA256()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Rsa));

        var signer = AssertValid(result, pki.Rsa);
        Assert.Equal(new CmsAlgorithm("2.16.840.1.101.3.4.2.1", "sha256"), signer.DigestAlgorithm);
        Assert.Equal(new CmsAlgorithm("1.2.840.113549.1.1.1", "rsaEncryption"), signer.SignatureAlgorithm);
        Assert.NotNull(signer.SubjectKeyIdentifier);
    }

    [Theory]
    [InlineData("sha1", "1.3.14.3.2.26")]
    [InlineData("sha224", "2.16.840.1.101.3.4.2.4")] // .NET has no SHA-224: BouncyCastle verifies it
    [InlineData("sha384", "2.16.840.1.101.3.4.2.2")]
    [InlineData("sha512", "2.16.840.1.101.3.4.2.3")]
    public async Task RSA_with_every_accepted_digest(string md, string oid)
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Rsa, "-md", md));

        Assert.Equal(new CmsAlgorithm(oid, md), AssertValid(result, pki.Rsa).DigestAlgorithm);
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha1")]
    public async Task RSASSA_PSS_with_OpenSSLs_maximum_salt(string md)
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-md", md, "-keyopt", "rsa_padding_mode:pss");

        var signer = AssertValid(Verify(der), pki.Rsa);
        Assert.Equal(new CmsAlgorithm("1.2.840.113549.1.1.10", "RSASSA-PSS"), signer.SignatureAlgorithm);
    }

    [Fact]
    public async Task RSASSA_PSS_with_the_salt_as_long_as_the_hash()
    {
        // The one PSS form the platform verifies itself.
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:digest");

        AssertValid(Verify(der), pki.Rsa);
    }

    [Fact]
    public async Task DSA_with_SHA1_and_absent_parameters()
    {
        var der = await pki.SignAsync(Ipm, pki.Dsa, "-md", "sha1");

        var signer = AssertValid(Verify(der), pki.Dsa);
        Assert.Equal(new CmsAlgorithm("1.3.14.3.2.26", "sha1"), signer.DigestAlgorithm);
        Assert.Equal(new CmsAlgorithm("1.2.840.10040.4.3", "dsa-with-sha1"), signer.SignatureAlgorithm);
    }

    [Theory]
    [InlineData("sha256", "ecdsa-with-SHA256")]
    [InlineData("sha1", "ecdsa-with-SHA1")]
    [InlineData("sha384", "ecdsa-with-SHA384")]
    public async Task ECDSA_P256(string md, string algorithm)
    {
        var der = await pki.SignAsync(Ipm, pki.Ec, "-md", md);

        Assert.Equal(algorithm, AssertValid(Verify(der), pki.Ec).SignatureAlgorithm.Name);
    }

    [Fact]
    public async Task Two_signers_each_with_their_x400Address()
    {
        var der = await pki.SignAsync(Ipm, [pki.Rsa, pki.SecondRsa]);

        var result = Verify(der);

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.StartsWith("all 2 signatures verified: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Signers.Count);
        Assert.Equal([pki.Rsa.X400Address!], result.Signers.Single(s => s.Subject == pki.Rsa.Subject).X400Addresses);
        Assert.Equal([pki.SecondRsa.X400Address!], result.Signers.Single(s => s.Subject == pki.SecondRsa.Subject).X400Addresses);
    }

    [Fact]
    public async Task Mixed_key_types_as_two_signers()
    {
        var result = Verify(await pki.SignAsync(Ipm, [pki.Ec, pki.Dsa], "-md", "sha1"));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        // DER sorts the SignerInfos, so the order is the encoding's, not the command line's.
        Assert.Equal(["dsa-with-sha1", "ecdsa-with-SHA1"], result.Signers.Select(s => s.SignatureAlgorithm.Name!).Order());
    }

    [Fact]
    public async Task Without_signed_attributes_the_signature_covers_id_data_content()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Rsa, "-noattr", "-econtent_type", IdData));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal(IdData, result.EContentType);
        var signer = Assert.Single(result.Signers);
        Assert.Null(signer.SigningTime);
        Assert.Empty(signer.UnknownSignedAttributes);
    }

    [Fact]
    public async Task BER_with_indefinite_lengths_from_OpenSSLs_streaming_mode()
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-stream");
        Assert.Equal(0x80, der[1]); // the ContentInfo itself has an indefinite length

        AssertValid(Verify(der), pki.Rsa);
    }

    [Fact]
    public async Task Signer_named_by_subjectKeyIdentifier()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Ec, "-keyid"));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        var signer = Assert.Single(result.Signers);
        Assert.Equal($"ski={signer.SubjectKeyIdentifier}", signer.Identifier);
    }

    [Fact]
    public async Task Intermediate_carried_in_the_SignedData()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.UnderIntermediate, "-certfile", pki.IntermediatePath));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        var signer = Assert.Single(result.Signers);
        Assert.Equal($"CN=Verification Intermediate,O={VerificationPki.Organisation}", signer.Issuer);
        Assert.Equal([pki.UnderIntermediate.X400Address!], signer.X400Addresses);
    }

    [Fact]
    public async Task Renewed_intermediate_is_preferred_to_its_expired_predecessor()
    {
        // Both certificates carry the same name and key, so both verify the signer's certificate; the source lists the
        // expired one first.
        var expired = new Org.BouncyCastle.X509.X509CertificateParser().ReadCertificate(await File.ReadAllBytesAsync(pki.ExpiredIntermediatePath));
        Assert.Equal(pki.Intermediate.SubjectDN, expired.SubjectDN);

        var result = Verify(await pki.SignAsync(Ipm, pki.UnderIntermediate), new CertificateCollectionSource([expired, pki.Intermediate]));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        var withExpiredOnly = Verify(await pki.SignAsync(Ipm, pki.UnderIntermediate, "-certfile", pki.ExpiredIntermediatePath));
        Assert.Equal(SignatureStatus.Untrusted, withExpiredOnly.Status);
        Assert.StartsWith($"signature verified, but certificate CN=Verification Intermediate,O={VerificationPki.Organisation} expired on 2021-01-01T00:00:00Z",
            withExpiredOnly.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intermediate_from_the_certificate_source()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.UnderIntermediate), new CertificateCollectionSource([pki.Intermediate]));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
    }

    [Fact]
    public async Task Signer_certificate_left_out_and_supplied_by_the_source()
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-nocerts");

        var result = Verify(der, new CertificateCollectionSource([pki.Ec.Certificate, pki.Rsa.Certificate]));

        AssertValid(result, pki.Rsa);
    }

    [Fact]
    public async Task A_signer_certificate_that_is_itself_a_trust_anchor()
    {
        var anchors = TrustAnchors.Create([pki.Rsa.Certificate]);

        var result = _verifier.Verify(await pki.SignAsync(Ipm, pki.Rsa), new VerificationContext(anchors, DateTimeOffset.UtcNow));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal($"signature by {pki.Rsa.Subject}, a trust anchor itself, verified", result.Reason);
    }

    [Fact]
    public async Task A_broken_x400Address_leaves_the_signature_valid_and_says_so()
    {
        // GeneralNames { [3] { NULL } }: an x400Address that is no ORAddress.
        var broken = await pki.IssueAsync("broken-x400address", extraExtensions: "2.5.29.17 = DER:3004A3020500\n");

        var result = Verify(await pki.SignAsync(Ipm, broken));

        Assert.Equal(SignatureStatus.Valid, result.Status);
        Assert.StartsWith($"signature by {broken.Subject}, issued under trust anchor CN=Verification Root,O={VerificationPki.Organisation}, verified (x400Address ignored: subjectAltName: ", result.Reason, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(result.Signers).X400Addresses);
    }

    [Fact]
    public async Task A_second_message_from_the_same_signer_is_described_from_the_same_certificate_and_facts()
    {
        var broken = await pki.IssueAsync("broken-x400address-twice", extraExtensions: "2.5.29.17 = DER:3004A3020500\n");

        var first = Assert.Single(Verify(await pki.SignAsync(Ipm, broken)).Signers);
        var second = Verify(await pki.SignAsync(X400TestContent.Ipm("second", "message"), broken));

        var again = Assert.Single(second.Signers);
        Assert.Same(first.Certificate, again.Certificate);
        Assert.Same(first.Subject, again.Subject);
        Assert.Equal(broken.Subject, again.Subject);
        Assert.Equal(first.SerialNumber, again.SerialNumber);
        Assert.Contains("(x400Address ignored: subjectAltName: ", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ESS_receipt_request_from_OpenSSL_is_an_unknown_signed_attribute_and_listed()
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-receipt_request_all", "-receipt_request_to", "receipts@example.test");

        var result = Verify(der);

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal(["1.2.840.113549.1.9.16.2.1"], Assert.Single(result.Signers).UnknownSignedAttributes);
    }

    [Fact]
    public async Task Unsigned_attributes_are_tolerated()
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa);
        var withUnsigned = SignedDataRewrite.WithSignerInfos(der, si => new Org.BouncyCastle.Asn1.Cms.SignerInfo(
            si.SignerID, si.DigestAlgorithm, si.SignedAttrs, si.SignatureAlgorithm, si.Signature,
            new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.Cms.Attribute(
                new Org.BouncyCastle.Asn1.DerObjectIdentifier("1.3.6.1.4.1.99999.2"), new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.DerUtf8String("x"))))));

        Assert.True(Verify(withUnsigned).Status == SignatureStatus.Valid);
    }

    [Fact]
    public async Task The_validation_time_decides_validity_not_the_clock()
    {
        // Valid from 2035 to 2036, under a root valid for ten years from now.
        var der = await pki.SignAsync(Ipm, pki.NotYetValid);

        var result = _verifier.Verify(der, new VerificationContext(pki.Anchors, new DateTimeOffset(2035, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
    }

    [Fact]
    public async Task OpenSSL_agrees_with_a_valid_verdict()
    {
        // The same object through `openssl cms -verify` against the same root: the independent implementation concurs.
        var der = await pki.SignAsync(Ipm, pki.Rsa);
        var path = Path.Combine(pki.Directory, $"{Guid.NewGuid():N}.der");
        await File.WriteAllBytesAsync(path, der);
        var openssl = await Integration.Peers.ProcessRunner.RunAsync(
            "openssl", ["cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", Path.Combine(pki.Directory, "root.pem"), "-binary", "-out", "/dev/null"]);

        Assert.True(openssl.ExitCode == 0, openssl.ToString());
        Assert.Equal(SignatureStatus.Valid, Verify(der).Status);
    }
}
