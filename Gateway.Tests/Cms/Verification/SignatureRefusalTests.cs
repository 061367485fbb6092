using System.Globalization;
using Gateway.Cms.Verification;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using static Gateway.Tests.Cms.Verification.SignedAttributeFactory;

namespace Gateway.Tests.Cms.Verification;

/// <summary>Every way a signed object falls short, each with the exact status and reason the audit log will carry.</summary>
[Collection(VerificationCollection.Name)]
public sealed class SignatureRefusalTests(VerificationPki pki)
{
    private static readonly byte[] Ipm = SignatureVerifierTests.Ipm;

    // Whole seconds, so that the reason's "validation time" can be spelled out exactly; taken per test, after the
    // fixture issued its certificates (tests that issue their own verify at the clock's time instead).
    private readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTime time) => Iso(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));

    private static string RootName => $"CN=Verification Root,O={VerificationPki.Organisation}";

    private SignatureVerification Verify(byte[] der, TrustAnchors? anchors = null, ISignerCertificateSource? source = null, DateTimeOffset? at = null) =>
        new SignatureVerifier().Verify(der, new VerificationContext(anchors ?? pki.Anchors, source ?? CertificateCollectionSource.Empty, at ?? DateTimeOffset.UtcNow));

    private static void AssertOutcome(SignatureVerification result, SignatureStatus status, string reason)
    {
        Assert.Equal(reason, result.Reason);
        Assert.Equal(status, result.Status);
        if (result.Signers.Count == 1)
        {
            Assert.Equal(reason, result.Signers[0].Reason);
            Assert.Equal(status, result.Signers[0].Status);
        }
    }

    [Fact]
    public async Task Content_changed_after_signing()
    {
        var der = SignedDataRewrite.Tampered(await pki.SignAsync(Ipm, pki.Rsa), "an IPM under"u8);

        var result = Verify(der);

        AssertOutcome(result, SignatureStatus.Invalid, "messageDigest does not match the sha256 digest of the content: the content is not what was signed");
        Assert.Equal("invalid", result.AuditName);
        Assert.NotEqual(Ipm, result.Content.ToArray()); // what arrived, for the record, not what was signed
    }

    [Fact]
    public async Task Content_changed_after_signing_without_signed_attributes()
    {
        var der = SignedDataRewrite.Tampered(await pki.SignAsync(Ipm, pki.Rsa, "-noattr", "-econtent_type", SignatureVerifierTests.IdData), "an IPM under"u8);

        AssertOutcome(Verify(der), SignatureStatus.Invalid, $"the rsaEncryption signature does not verify with the public key of {pki.Rsa.Subject}");
    }

    [Fact]
    public async Task X400_content_without_signed_attributes()
    {
        // OpenSSL makes it; RFC 5652 §5.3 forbids it, since nothing would then sign the content type.
        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.Rsa, "-noattr")), SignatureStatus.Invalid,
            "no signed attributes, but eContentType is 2.6.1.10.1: RFC 5652 §5.3 requires them for any type but id-data, so that the type is signed");
    }

    [Fact]
    public async Task Signature_value_changed()
    {
        var der = SignedDataRewrite.WithSignerInfos(await pki.SignAsync(Ipm, pki.Ec), si =>
        {
            var signature = si.Signature.GetOctets();
            signature[^1] ^= 0x01;
            return new Org.BouncyCastle.Asn1.Cms.SignerInfo(si.SignerID, si.DigestAlgorithm, si.SignedAttrs, si.SignatureAlgorithm, new DerOctetString(signature), si.UnsignedAttrs);
        });

        AssertOutcome(Verify(der), SignatureStatus.Invalid, $"the ecdsa-with-SHA256 signature does not verify with the public key of {pki.Ec.Subject}");
    }

    [Fact]
    public async Task DSA_parameters_encoded_as_NULL()
    {
        var der = await pki.SignAsync(Ipm, pki.Dsa, "-md", "sha1");
        var withNull = SignedDataRewrite.WithSignatureAlgorithm(der, a => new AlgorithmIdentifier(a.Algorithm, DerNull.Instance));

        AssertOutcome(Verify(withNull), SignatureStatus.Invalid,
            "signatureAlgorithm dsa-with-sha1 has parameters encoded as NULL; RFC 3854 §2.2 requires them to be absent");
    }

    [Fact]
    public void Key_of_one_signer_with_the_certificate_of_another()
    {
        var der = BouncyCastleSigner.Sign(Ipm, VerificationPki.PrivateKey(pki.SecondRsa), pki.Rsa.Certificate);

        AssertOutcome(Verify(der), SignatureStatus.Invalid, $"the rsaEncryption signature does not verify with the public key of {pki.Rsa.Subject}");
    }

    [Fact]
    public void EC_key_with_an_RSA_certificate()
    {
        var der = BouncyCastleSigner.Sign(Ipm, VerificationPki.PrivateKey(pki.Ec), pki.Rsa.Certificate);

        AssertOutcome(Verify(der), SignatureStatus.Invalid,
            $"the ecdsa-with-SHA256 signature cannot be checked with the certificate of {pki.Rsa.Subject}: its rsaEncryption key cannot make ECDSA signatures");
    }

    [Fact]
    public async Task Expired_certificate()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Expired), at: _now);

        AssertOutcome(result, SignatureStatus.Untrusted,
            $"signature verified, but certificate {pki.Expired.Subject} expired on 2021-01-01T00:00:00Z (validation time {Iso(_now)})");
        Assert.Equal("untrusted", result.AuditName);
    }

    [Fact]
    public async Task Certificate_not_yet_valid()
    {
        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.NotYetValid), at: _now), SignatureStatus.Untrusted,
            $"signature verified, but certificate {pki.NotYetValid.Subject} is not valid before 2035-01-01T00:00:00Z (validation time {Iso(_now)})");
    }

    [Fact]
    public async Task Certificate_past_its_validity_at_a_later_validation_time()
    {
        var at = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.Rsa), at: at), SignatureStatus.Untrusted,
            $"signature verified, but certificate {pki.Rsa.Subject} expired on {Iso(pki.Rsa.Certificate.NotAfter)} (validation time 2040-01-01T00:00:00Z)");
    }

    [Fact]
    public async Task Revoked_certificate()
    {
        var der = await pki.SignAsync(Ipm, pki.Revoked);
        var entry = pki.Crl.GetRevokedCertificate(pki.Revoked.Certificate.SerialNumber);
        var serial = Convert.ToHexString(pki.Revoked.Certificate.SerialNumber.ToByteArrayUnsigned());

        AssertOutcome(Verify(der), SignatureStatus.Untrusted,
            $"signature verified, but {pki.Revoked.Subject} (serial {serial}) was revoked on {Iso(entry.RevocationDate)} (keyCompromise), "
            + $"according to the CRL of {RootName} of {Iso(pki.Crl.ThisUpdate)}");
    }

    [Fact]
    public async Task The_same_certificate_passes_without_the_CRL()
    {
        var result = Verify(await pki.SignAsync(Ipm, pki.Revoked), anchors: TrustAnchors.Create([pki.Root]));

        Assert.Equal(SignatureStatus.Valid, result.Status);
    }

    [Fact]
    public async Task No_trust_anchors_configured()
    {
        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.Rsa), anchors: TrustAnchors.Empty), SignatureStatus.Untrusted,
            "signature verified, but no trust anchors configured");
    }

    [Fact]
    public async Task Issuer_neither_anchor_nor_available()
    {
        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.UnderIntermediate)), SignatureStatus.Untrusted,
            $"signature verified, but the issuer CN=Verification Intermediate,O={VerificationPki.Organisation} of {pki.UnderIntermediate.Subject} "
            + "is neither a trust anchor nor among the available certificates");
    }

    [Fact]
    public async Task Anchor_of_the_same_name_with_another_key()
    {
        // Another CA that calls itself "Verification Root": a name alone earns no trust.
        using var impostor = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            $"CN=Verification Root,O={VerificationPki.Organisation}", impostor,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(_now.AddDays(-1), _now.AddYears(1));
        var anchor = new Org.BouncyCastle.X509.X509Certificate(created.RawData);

        var result = Verify(await pki.SignAsync(Ipm, pki.Rsa), anchors: TrustAnchors.Create([anchor]));

        AssertOutcome(result, SignatureStatus.Untrusted,
            $"signature verified, but the signature on {pki.Rsa.Subject} does not verify with the key of trust anchor {RootName}");
    }

    [Fact]
    public async Task Certificate_without_a_signing_key_usage()
    {
        AssertOutcome(Verify(await pki.SignAsync(Ipm, pki.EnciphermentOnly)), SignatureStatus.Untrusted,
            $"signature verified, but the keyUsage of {pki.EnciphermentOnly.Subject} allows neither digitalSignature nor nonRepudiation");
    }

    [Fact]
    public async Task Certificate_for_another_purpose()
    {
        var clientOnly = await pki.IssueAsync("client-auth-only", extendedKeyUsage: "clientAuth");

        AssertOutcome(Verify(await pki.SignAsync(Ipm, clientOnly)), SignatureStatus.Untrusted,
            $"signature verified, but the extKeyUsage of {clientOnly.Subject} does not include emailProtection");
    }

    [Fact]
    public async Task Certificate_with_a_critical_extension_nobody_here_understands()
    {
        var odd = await pki.IssueAsync("critical-private-extension", extraExtensions: "1.3.6.1.4.1.99999.5 = critical,DER:0500\n");

        AssertOutcome(Verify(await pki.SignAsync(Ipm, odd)), SignatureStatus.Untrusted,
            $"signature verified, but {odd.Subject} has a critical extension the gateway does not process: 1.3.6.1.4.1.99999.5");
    }

    [Fact]
    public async Task Issued_by_an_end_entity_certificate()
    {
        // rsa-signer's key signs another certificate: a valid signature, from something that is no CA.
        var underSigner = await pki.IssueAsync("issued-by-a-signer", issuer: pki.Rsa);

        AssertOutcome(Verify(await pki.SignAsync(Ipm, underSigner, "-certfile", pki.Rsa.CertificatePath)), SignatureStatus.Untrusted,
            $"signature verified, but {pki.Rsa.Subject} issued {underSigner.Subject} but is not a CA (basicConstraints cA is not set)");
    }

    [Fact]
    public async Task Certificate_left_out_and_not_found()
    {
        var der = await pki.SignAsync(Ipm, pki.Rsa, "-nocerts");
        var serial = Convert.ToHexString(pki.Rsa.Certificate.SerialNumber.ToByteArrayUnsigned());

        var result = Verify(der, source: new CertificateCollectionSource([pki.SecondRsa.Certificate]));

        AssertOutcome(result, SignatureStatus.NoCertificate,
            $"no certificate for the signer issuer={RootName} serial={serial} in the SignedData or the certificate source");
        Assert.Equal("no-certificate", result.AuditName);
        Assert.Null(result.Signers[0].Certificate);
        Assert.Empty(result.Signers[0].X400Addresses);
        Assert.NotNull(result.Signers[0].SigningTime); // read before the certificate was looked for
    }

    [Fact]
    public async Task Certificate_left_out_but_content_changed_is_invalid_not_no_certificate()
    {
        var der = SignedDataRewrite.Tampered(await pki.SignAsync(Ipm, pki.Rsa, "-nocerts"), "an IPM under"u8);

        AssertOutcome(Verify(der), SignatureStatus.Invalid, "messageDigest does not match the sha256 digest of the content: the content is not what was signed");
    }

    [Fact]
    public void Two_signingTime_attributes()
    {
        var table = Table(Make(SigningTime, pki.Rsa.Certificate), Make(SigningTime, pki.Rsa.Certificate));

        AssertOutcome(Verify(BcSign(table)), SignatureStatus.Invalid, "signingTime appears twice among the signed attributes (RFC 3854 §2.5 allows one instance)");
    }

    [Fact]
    public void One_signingTime_attribute_with_two_values()
    {
        var table = Table(Make(SigningTime, pki.Rsa.Certificate, new Org.BouncyCastle.Asn1.Cms.Time(DateTime.UtcNow), new Org.BouncyCastle.Asn1.Cms.Time(DateTime.UtcNow.AddHours(-1))));

        AssertOutcome(Verify(BcSign(table)), SignatureStatus.Invalid, "signingTime has 2 values (RFC 3854 §2.5 allows one)");
    }

    [Theory]
    [InlineData(SmimeCapabilities, "sMIMECapabilities")]
    [InlineData(EncryptionKeyPreference, "sMIMEEncryptionKeyPreference")]
    [InlineData(SigningCertificate, "signingCertificate")]
    [InlineData(SigningCertificateV2, "signingCertificateV2")]
    public void Second_instance_of_each_RFC3854_attribute(string oid, string name)
    {
        var once = BcSign(Table(Make(oid, pki.Rsa.Certificate)));
        var twice = BcSign(Table(Make(oid, pki.Rsa.Certificate), Make(oid, pki.Rsa.Certificate)));
        var value = ValueOf(oid, pki.Rsa.Certificate);
        var twoValues = BcSign(Table(Make(oid, pki.Rsa.Certificate, value, oid == SigningCertificateV2 ? V2(pki.Rsa.Certificate, Hash("SHA-256", pki.Rsa.Certificate), IssuerSerialOf(pki.Rsa.Certificate, pki.Rsa.Certificate)) : new DerSequence(value))));

        Assert.True(Verify(once).Status == SignatureStatus.Valid, Verify(once).Reason);
        AssertOutcome(Verify(twice), SignatureStatus.Invalid, $"{name} appears twice among the signed attributes (RFC 3854 §2.5 allows one instance)");
        AssertOutcome(Verify(twoValues), SignatureStatus.Invalid, $"{name} has 2 values (RFC 3854 §2.5 allows one)");
    }

    [Fact]
    public void SigningCertificateV2_with_the_hash_of_another_certificate()
    {
        var table = Table(Make(SigningCertificateV2, pki.Rsa.Certificate, V2(pki.Rsa.Certificate, Hash("SHA-256", pki.SecondRsa.Certificate))));

        AssertOutcome(Verify(BcSign(table)), SignatureStatus.Invalid,
            "signingCertificateV2 does not match the signer certificate: its sha256 certHash is that of another certificate");
    }

    [Fact]
    public void SigningCertificateV2_with_the_right_hash_but_another_issuerSerial()
    {
        var issuerSerial = IssuerSerialOf(pki.Rsa.Certificate, pki.SecondRsa.Certificate);
        var table = Table(Make(SigningCertificateV2, pki.Rsa.Certificate, V2(pki.Rsa.Certificate, Hash("SHA-256", pki.Rsa.Certificate), issuerSerial)));

        AssertOutcome(Verify(BcSign(table)), SignatureStatus.Invalid,
            "signingCertificateV2 does not match the signer certificate: its issuerSerial names another certificate");
    }

    [Fact]
    public void SigningCertificate_v1_with_the_hash_of_another_certificate()
    {
        var value = new Org.BouncyCastle.Asn1.Ess.SigningCertificate(new Org.BouncyCastle.Asn1.Ess.EssCertID(Hash("SHA-1", pki.SecondRsa.Certificate)));

        AssertOutcome(Verify(BcSign(Table(Make(SigningCertificate, pki.Rsa.Certificate, value)))), SignatureStatus.Invalid,
            "signingCertificate does not match the signer certificate: its sha1 certHash is that of another certificate");
    }

    [Fact]
    public void Matching_ESS_attributes_with_issuerSerial_and_an_unknown_attribute_verify()
    {
        var v2 = V2(pki.Rsa.Certificate, Hash("SHA-256", pki.Rsa.Certificate), IssuerSerialOf(pki.Rsa.Certificate, pki.Rsa.Certificate));
        var table = Table(
            Make(SigningCertificateV2, pki.Rsa.Certificate, v2),
            Make(SigningCertificate, pki.Rsa.Certificate),
            Make(SmimeCapabilities, pki.Rsa.Certificate),
            Make(EncryptionKeyPreference, pki.Rsa.Certificate),
            Make("1.3.6.1.4.1.99999.1", pki.Rsa.Certificate, new DerUtf8String("a private attribute")));

        var result = Verify(BcSign(table));

        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal(["1.3.6.1.4.1.99999.1"], Assert.Single(result.Signers).UnknownSignedAttributes);
    }

    [Fact]
    public void SigningTime_as_UTCTime_and_as_GeneralizedTime_reads_as_signed_and_any_other_type_is_malformed()
    {
        var late = new DateTime(2051, 3, 4, 5, 6, 7, DateTimeKind.Utc); // GeneralizedTime: beyond UTCTime's 1950-2049
        var early = new DateTime(1999, 12, 31, 23, 59, 58, DateTimeKind.Utc); // UTCTime "991231235958Z"

        var generalized = Verify(BcSign(Table(Make(SigningTime, pki.Rsa.Certificate, new Org.BouncyCastle.Asn1.Cms.Time(late)))));
        var utc = Verify(BcSign(Table(Make(SigningTime, pki.Rsa.Certificate, new Org.BouncyCastle.Asn1.Cms.Time(early)))));
        var text = Verify(BcSign(Table(Make(SigningTime, pki.Rsa.Certificate, new DerUtf8String("yesterday")))));

        Assert.True(generalized.Status == SignatureStatus.Valid, generalized.Reason);
        Assert.Equal(new DateTimeOffset(late), generalized.Signers[0].SigningTime);
        Assert.True(utc.Status == SignatureStatus.Valid, utc.Reason);
        Assert.Equal(new DateTimeOffset(early), utc.Signers[0].SigningTime);
        AssertOutcome(text, SignatureStatus.Invalid, "malformed SignerInfo: signingTime is neither UTCTime nor GeneralizedTime");
    }

    /// <summary>
    /// The signature covers the DER encoding of the signed attributes (RFC 5652 §5.4). Sent out of DER order they are
    /// re-encoded before the check, so the signature still verifies; the same octets in DER order are checked as sent.
    /// </summary>
    [Fact]
    public void Signed_attributes_sent_out_of_DER_order_verify_over_their_DER_encoding()
    {
        var der = BcSign(Table(Make(SmimeCapabilities, pki.Rsa.Certificate), Make(EncryptionKeyPreference, pki.Rsa.Certificate)));
        var signer = Gateway.Cms.SignedDataParts.Read(der).Signers[0];
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(signer.SignedAttributes!.Value, out var slice));
        var set = new System.Formats.Asn1.AsnReader(slice, System.Formats.Asn1.AsnEncodingRules.DER)
            .ReadSetOf(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0));
        var attributes = new List<ReadOnlyMemory<byte>>();
        while (set.HasData) attributes.Add(set.ReadEncodedValue());
        Assert.True(attributes.Count >= 4, "contentType, signingTime, messageDigest and the two added");
        var reordered = (byte[])der.Clone();
        var at = slice.Offset + slice.Count - attributes.Sum(a => a.Length);
        foreach (var attribute in Enumerable.Reverse(attributes))
        {
            attribute.Span.CopyTo(reordered.AsSpan(at));
            at += attribute.Length;
        }
        Assert.NotEqual(der, reordered);

        Assert.True(Verify(der).Status == SignatureStatus.Valid, Verify(der).Reason);
        var result = Verify(reordered);
        Assert.True(result.Status == SignatureStatus.Valid, result.Reason);
        Assert.Equal(Verify(der).Signers[0].SigningTime, result.Signers[0].SigningTime);
    }

    [Fact]
    public void ContentType_attribute_that_is_not_the_eContentType()
    {
        var table = Table(new Org.BouncyCastle.Asn1.Cms.Attribute(
            new DerObjectIdentifier("1.2.840.113549.1.9.3"), new DerSet(new DerObjectIdentifier("1.2.840.113549.1.7.1"))));

        AssertOutcome(Verify(BcSign(table)), SignatureStatus.Invalid,
            "the contentType attribute 1.2.840.113549.1.7.1 (id-data) differs from eContentType 2.6.1.10.1");
    }

    [Fact]
    public async Task Two_signers_one_expired()
    {
        var result = Verify(await pki.SignAsync(Ipm, [pki.Rsa, pki.Expired]), at: _now);

        var index = result.Signers.ToList().FindIndex(s => s.Subject == pki.Expired.Subject);
        AssertOutcome(result, SignatureStatus.Untrusted,
            $"signer {index + 1} of 2 ({pki.Expired.Subject}): signature verified, but certificate {pki.Expired.Subject} expired on 2021-01-01T00:00:00Z (validation time {Iso(_now)})");
        Assert.Equal(SignatureStatus.Valid, result.Signers[1 - index].Status);
    }

    [Fact]
    public async Task Two_signers_one_without_certificate_one_expired_is_no_certificate()
    {
        var der = await pki.SignAsync(Ipm, [pki.Rsa, pki.Expired], "-nocerts");

        var result = Verify(der, source: new CertificateCollectionSource([pki.Expired.Certificate]));

        Assert.Equal(SignatureStatus.NoCertificate, result.Status);
        Assert.Equal([SignatureStatus.Untrusted, SignatureStatus.NoCertificate], result.Signers.Select(s => s.Status).Order());
    }

    [Fact]
    public async Task Detached_signature()
    {
        var path = Path.Combine(pki.Directory, $"{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, Ipm);
        await Integration.Peers.ProcessRunner.RunCheckedAsync("openssl",
        [
            "cms", "-sign", "-binary", "-outform", "DER", "-econtent_type", VerificationPki.Ipm88, "-signer", pki.Rsa.CertificatePath,
            "-inkey", pki.Rsa.KeyPath, "-in", path, "-out", path + ".der",
        ]);

        var result = Verify(await File.ReadAllBytesAsync(path + ".der"));

        Assert.Equal((SignatureStatus.Invalid, "the SignedData has no eContent (a detached signature); RFC 3854 §3.2 puts the X.400 content inside"),
            (result.Status, result.Reason));
        Assert.Empty(result.Signers);
    }

    [Fact]
    public async Task Certificates_only_SignedData()
    {
        var path = Path.Combine(pki.Directory, $"{Guid.NewGuid():N}.p7");
        await Integration.Peers.ProcessRunner.RunCheckedAsync("openssl",
            ["crl2pkcs7", "-nocrl", "-certfile", pki.Rsa.CertificatePath, "-outform", "DER", "-out", path]);

        var result = Verify(await File.ReadAllBytesAsync(path));

        Assert.Equal((SignatureStatus.Invalid, "the SignedData has no SignerInfo (a certificates-only SignedData signs nothing)"), (result.Status, result.Reason));
    }

    [Fact]
    public async Task EnvelopedData_is_not_signed()
    {
        var path = Path.Combine(pki.Directory, $"{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(path, Ipm);
        await Integration.Peers.ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-encrypt", "-binary", "-outform", "DER", "-aes256", "-in", path, "-out", path + ".der", pki.Rsa.CertificatePath]);

        var result = Verify(await File.ReadAllBytesAsync(path + ".der"));

        Assert.Equal((SignatureStatus.Invalid, "not signed: the outermost layer is envelopedData, not signedData"), (result.Status, result.Reason));
        Assert.Null(result.EContentType);
    }

    [Fact]
    public void Not_CMS_at_all()
    {
        var result = Verify("hello"u8.ToArray());

        Assert.Equal(SignatureStatus.Invalid, result.Status);
        Assert.StartsWith("not a CMS object: ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_truncation_and_every_flipped_octet_gives_a_verdict_not_an_exception()
    {
        var der = await pki.SignAsync(Ipm, pki.Ec);
        var verifier = new SignatureVerifier();
        var context = new VerificationContext(pki.Anchors, _now);
        for (var length = 0; length < der.Length; length++)
        {
            var result = verifier.Verify(der.AsMemory(0, length), context);
            Assert.Equal(SignatureStatus.Invalid, result.Status);
        }
        for (var i = 0; i < der.Length; i++)
        {
            var mutated = (byte[])der.Clone();
            mutated[i] ^= 0xFF;
            var result = verifier.Verify(mutated, context);
            Assert.False(string.IsNullOrEmpty(result.Reason));
            Assert.NotEqual(SignatureStatus.NotChecked, result.Status);
        }
    }

    private byte[] BcSign(Org.BouncyCastle.Asn1.Cms.AttributeTable table) =>
        BouncyCastleSigner.Sign(Ipm, VerificationPki.PrivateKey(pki.Rsa), pki.Rsa.Certificate, table);
}
