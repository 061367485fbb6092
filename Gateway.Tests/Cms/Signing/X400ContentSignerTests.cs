using Gateway.Certificates;
using Gateway.Cms.Signing;
using Gateway.Cms.Verification;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.Cms.Signing;

/// <summary>What the gateway signs, OpenSSL verifies (and the other way round is covered by the verification tests).</summary>
[Collection(VerificationCollection.Name)]
public sealed class X400ContentSignerTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("signer-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<byte[]> OpenSslVerifyAsync(byte[] cms)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.p7m");
        await File.WriteAllBytesAsync(path, cms);
        var result = await ProcessRunner.RunCheckedAsync("openssl",
            ["cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", pki.RootCertificatePath, "-purpose", "any", "-binary"]);
        return result.StandardOutputBytes;
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public async Task OpenSSL_verifies_what_the_gateway_signs_with_the_RFC_3854_attributes(string which)
    {
        var signer = which == "rsa" ? pki.Rsa : pki.Ec;
        var identity = SigningIdentityFiles.Load(null, signer.CertificatePath, signer.KeyPath, null);
        var ipm = X400TestContent.Ipm("signed by the gateway", "hello");
        var time = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

        var cms = X400ContentSigner.Sign(ipm, X400Oids.InterpersonalMessaging1988, identity, time);

        Assert.Equal(ipm, await OpenSslVerifyAsync(cms));
        var path = Path.Combine(_directory, "printed.p7m");
        await File.WriteAllBytesAsync(path, cms);
        var printed = (await ProcessRunner.RunCheckedAsync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", path])).StandardOutput;
        Assert.Contains("eContentType: undefined (2.6.1.10.1)", printed, StringComparison.Ordinal);
        Assert.Contains("object: signingTime (1.2.840.113549.1.9.5)", printed, StringComparison.Ordinal);
        Assert.Contains("object: S/MIME Capabilities (1.2.840.113549.1.9.15)", printed, StringComparison.Ordinal);
        Assert.Contains("(1.2.840.113549.1.9.16.2.11)", printed, StringComparison.Ordinal); // sMIMEEncryptionKeyPreference
        Assert.Contains("(1.2.840.113549.1.9.16.2.47)", printed, StringComparison.Ordinal); // signingCertificateV2
        // And the gateway's own verifier applies its §2.5 rules to it.
        var verification = new SignatureVerifier().Verify(cms, new VerificationContext(pki.Anchors, DateTimeOffset.UtcNow));
        Assert.Equal(SignatureStatus.Valid, verification.Status);
        Assert.Equal(time, Assert.Single(verification.Signers).SigningTime);
        Assert.DoesNotContain(verification.Signers[0].UnknownSignedAttributes, o => o != "1.2.840.113549.1.9.52"); // only CMSAlgorithmProtection
    }

    /// <summary>
    /// The platform does the arithmetic (BouncyCastle's RSA is ten times slower): for RSA PKCS#1 v1.5, which is
    /// deterministic, the platform's signature is the very octets BouncyCastle computes; for ECDSA BouncyCastle verifies it.
    /// </summary>
    [Theory]
    [InlineData("rsa")]
    [InlineData("ec")]
    public void The_platform_signs_what_BouncyCastle_would(string which)
    {
        var signer = which == "rsa" ? pki.Rsa : pki.Ec;
        var identity = SigningIdentityFiles.Load(null, signer.CertificatePath, signer.KeyPath, null);
        var data = System.Text.Encoding.ASCII.GetBytes("the DER of some signed attributes");

        var platform = PlatformSignatureFactory.For(identity.PrivateKey);

        Assert.NotNull(platform);
        var calculator = platform.CreateCalculator();
        calculator.Stream.Write(data);
        var signature = calculator.GetResult().Collect();
        var algorithm = which == "rsa" ? "SHA256WITHRSA" : "SHA256WITHECDSA";
        Assert.Equal(((Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier)new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(algorithm, identity.PrivateKey).AlgorithmDetails).Algorithm,
            ((Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier)platform.AlgorithmDetails).Algorithm);
        var verifier = Org.BouncyCastle.Security.SignerUtilities.GetSigner(algorithm);
        verifier.Init(false, identity.Certificate.GetPublicKey());
        verifier.BlockUpdate(data, 0, data.Length);
        Assert.True(verifier.VerifySignature(signature));
        if (which == "rsa")
        {
            var bouncy = Org.BouncyCastle.Security.SignerUtilities.GetSigner(algorithm);
            bouncy.Init(true, identity.PrivateKey);
            bouncy.BlockUpdate(data, 0, data.Length);
            Assert.Equal(bouncy.GenerateSignature(), signature);
        }
    }

    /// <summary>
    /// The gateway assembles the SignedData itself (BouncyCastle's generator hashes with its own, slow SHA-256): what it
    /// builds must be what BouncyCastle's CmsSignedDataGenerator built from the same content, attributes and key, octet
    /// for octet. RSA PKCS#1 v1.5 is deterministic, so the whole encoding is compared; for ECDSA everything but the
    /// signature value (checked by OpenSSL in the test above).
    /// </summary>
    [Theory]
    [InlineData("rsa", 0)]
    [InlineData("rsa", 1)]
    [InlineData("rsa", 10_000)]
    [InlineData("rsa", 200_000)]
    [InlineData("ec", 10_000)]
    public void What_the_gateway_assembles_is_what_BouncyCastles_generator_built(string which, int size)
    {
        var signer = which == "rsa" ? pki.Rsa : pki.Ec;
        var identity = SigningIdentityFiles.Load(null, signer.CertificatePath, signer.KeyPath, null);
        identity = identity with { Chain = [pki.Root] }; // a chain as well: the certificate SET holds both, sorted
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var time = new DateTimeOffset(2026, 12, 6, 9, 30, 15, TimeSpan.Zero);

        var assembled = X400ContentSigner.Sign(content, X400Oids.InterpersonalMessaging1988, identity, time);
        var generated = GeneratedByBouncyCastle(content, X400Oids.InterpersonalMessaging1988, identity, time);

        if (which == "rsa")
        {
            Assert.Equal(Convert.ToHexString(generated), Convert.ToHexString(assembled));
            return;
        }
        var (a, g) = (WithoutSignatureValue(assembled), WithoutSignatureValue(generated));
        Assert.Equal(Convert.ToHexString(g), Convert.ToHexString(a));
    }

    private static byte[] WithoutSignatureValue(byte[] cms)
    {
        var signedData = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(cms).Content);
        var info = Org.BouncyCastle.Asn1.Cms.SignerInfo.GetInstance(signedData.SignerInfos[0]);
        var blank = new Org.BouncyCastle.Asn1.Cms.SignerInfo(info.SignerID, info.DigestAlgorithm, info.SignedAttrs, info.SignatureAlgorithm,
            new Org.BouncyCastle.Asn1.DerOctetString([]), info.UnsignedAttrs);
        return new Org.BouncyCastle.Asn1.Cms.SignedData(signedData.DigestAlgorithms, signedData.EncapContentInfo, signedData.Certificates,
            signedData.CRLs, new Org.BouncyCastle.Asn1.DerSet(blank)).GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der);
    }

    /// <summary>The gateway's signer as it was up to 2026-12-06: BouncyCastle's generator with the RFC 3854 §2.5 attributes.</summary>
    private static byte[] GeneratedByBouncyCastle(byte[] content, string eContentType, SigningIdentity signer, DateTimeOffset signingTime)
    {
        var certificate = signer.Certificate;
        var attributes = new Org.BouncyCastle.Asn1.Asn1EncodableVector(
            new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Cms.CmsAttributes.SigningTime,
                new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.Cms.Time(signingTime.UtcDateTime))),
            new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Smime.SmimeAttributes.SmimeCapabilities, new Org.BouncyCastle.Asn1.DerSet(new Org.BouncyCastle.Asn1.DerSequence(
                new Org.BouncyCastle.Asn1.DerSequence(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdAes256Cbc),
                new Org.BouncyCastle.Asn1.DerSequence(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdAes192Cbc),
                new Org.BouncyCastle.Asn1.DerSequence(Org.BouncyCastle.Asn1.Nist.NistObjectIdentifiers.IdAes128Cbc),
                new Org.BouncyCastle.Asn1.DerSequence(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.DesEde3Cbc)))),
            new Org.BouncyCastle.Asn1.Smime.SmimeEncryptionKeyPreferenceAttribute(new Org.BouncyCastle.Asn1.Cms.IssuerAndSerialNumber(certificate.IssuerDN, certificate.SerialNumber)),
            new Org.BouncyCastle.Asn1.Cms.Attribute(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.IdAASigningCertificateV2, new Org.BouncyCastle.Asn1.DerSet(
                new Org.BouncyCastle.Asn1.Ess.SigningCertificateV2(new[]
                {
                    new Org.BouncyCastle.Asn1.Ess.EssCertIDv2(Org.BouncyCastle.Security.DigestUtilities.CalculateDigest("SHA-256", certificate.GetEncoded()),
                        new Org.BouncyCastle.Asn1.X509.IssuerSerial(new Org.BouncyCastle.Asn1.X509.GeneralNames(new Org.BouncyCastle.Asn1.X509.GeneralName(certificate.IssuerDN)),
                            new Org.BouncyCastle.Asn1.DerInteger(certificate.SerialNumber))),
                }))));
        var algorithm = signer.PrivateKey is Org.BouncyCastle.Crypto.Parameters.RsaKeyParameters ? "SHA256WITHRSA" : "SHA256WITHECDSA";
        var generator = new Org.BouncyCastle.Cms.CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new Org.BouncyCastle.Cms.SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new Org.BouncyCastle.Cms.DefaultSignedAttributeTableGenerator(new Org.BouncyCastle.Asn1.Cms.AttributeTable(attributes)))
            .Build(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(algorithm, signer.PrivateKey), certificate));
        generator.AddCertificates(Org.BouncyCastle.Utilities.Collections.CollectionUtilities.CreateStore(new[] { certificate }.Concat(signer.Chain)));
        var signed = generator.Generate(new Org.BouncyCastle.Cms.CmsProcessableByteArray(new Org.BouncyCastle.Asn1.DerObjectIdentifier(eContentType), content), encapsulate: true);
        return signed.GetEncoded(Org.BouncyCastle.Asn1.Asn1Encodable.Der);
    }

    [Fact]
    public async Task A_PKCS12_identity_opens_with_its_password_and_a_wrong_one_is_named_without_being_shown()
    {
        var p12 = Path.Combine(_directory, "gw.p12");
        await ProcessRunner.RunCheckedAsync("openssl",
            ["pkcs12", "-export", "-in", pki.Rsa.CertificatePath, "-inkey", pki.Rsa.KeyPath, "-out", p12, "-passout", "pass:s3cret-pw"]);

        var identity = SigningIdentityFiles.Load(p12, null, null, "s3cret-pw");
        var error = Assert.Throws<FormatException>(() => SigningIdentityFiles.Load(p12, null, null, "wrong-pw"));

        Assert.Equal(pki.Rsa.Certificate, identity.Certificate);
        Assert.StartsWith($"{p12}: cannot be opened as PKCS#12 with the configured password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", identity.ToString(), StringComparison.Ordinal);
    }
}
