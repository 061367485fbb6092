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
