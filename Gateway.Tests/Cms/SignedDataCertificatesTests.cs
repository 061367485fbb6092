using Gateway.Cms;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Cms;

/// <summary>The certificate set taken off for a slow link and put back: OpenSSL verifies each form the way the issue says.</summary>
[Collection(VerificationCollection.Name)]
public sealed class SignedDataCertificatesTests(VerificationPki pki) : IDisposable
{
    private static readonly byte[] Ipm = X400TestContent.Ipm("slow link", "HF radio");
    private readonly string _directory = TempDirectory.Create("strip-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private async Task<ProcessResult> OpenSslVerifyAsync(byte[] cms, params string[] options)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.p7m");
        await File.WriteAllBytesAsync(path, cms);
        return await ProcessRunner.RunAsync("openssl",
            ["cms", "-verify", "-inform", "DER", "-in", path, "-binary", "-CAfile", pki.RootCertificatePath, "-purpose", "any", .. options]);
    }

    [Fact]
    public async Task Stripped_SignedData_verifies_with_openssl_given_the_signer_certificate_separately_and_not_without()
    {
        var signed = await pki.SignAsync(Ipm, pki.Rsa, "-certfile", pki.IntermediatePath);

        var stripped = SignedDataCertificates.Strip(signed)!;

        Assert.True(stripped.Length < signed.Length - 1000, $"{signed.Length} -> {stripped.Length}");
        Assert.Empty(SignedDataCertificates.SignersWithoutCertificate(signed));
        Assert.Single(SignedDataCertificates.SignersWithoutCertificate(stripped));
        var verified = await OpenSslVerifyAsync(stripped, "-certfile", pki.Rsa.CertificatePath);
        Assert.True(verified.ExitCode == 0, verified.StandardError);
        Assert.Equal(Ipm, verified.StandardOutputBytes);
        Assert.NotEqual(0, (await OpenSslVerifyAsync(stripped)).ExitCode);
        Assert.Null(SignedDataCertificates.Strip(stripped)); // nothing left to take
    }

    [Fact]
    public async Task Reattached_certificates_let_plain_openssl_verify_again()
    {
        var stripped = await pki.SignAsync(Ipm, pki.UnderIntermediate, "-nocerts");
        Assert.NotEqual(0, (await OpenSslVerifyAsync(stripped)).ExitCode);
        var missing = Assert.Single(SignedDataCertificates.SignersWithoutCertificate(stripped));
        Assert.True(missing.Match(pki.UnderIntermediate.Certificate));

        var attached = SignedDataCertificates.Attach(stripped, [pki.UnderIntermediate.Certificate, pki.Intermediate])!;

        var verified = await OpenSslVerifyAsync(attached);
        Assert.True(verified.ExitCode == 0, verified.StandardError);
        Assert.Equal(Ipm, verified.StandardOutputBytes);
        Assert.Empty(SignedDataCertificates.SignersWithoutCertificate(attached));
        Assert.Equal(attached, SignedDataCertificates.Attach(attached, [pki.Intermediate])); // already there: not twice
    }

    [Fact]
    public void What_is_not_a_SignedData_is_left_alone()
    {
        Assert.Null(SignedDataCertificates.Strip(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }));
        Assert.Null(SignedDataCertificates.Attach(new byte[] { 0x04, 0x01, 0x00 }, [pki.Rsa.Certificate]));
        Assert.Empty(SignedDataCertificates.SignersWithoutCertificate(new byte[] { 0xFF }));
    }
}
