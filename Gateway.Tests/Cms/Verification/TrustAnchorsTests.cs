using Gateway.Certificates;
using Gateway.Cms.Verification;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Cms.Verification;

/// <summary>Trust anchors from the files an operator has: OpenSSL's PEM bundles, single DER files, CRLs, directories.</summary>
[Collection(VerificationCollection.Name)]
public sealed class TrustAnchorsTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("trust-anchors-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private static (string, ReadOnlyMemory<byte>) Source(string name, byte[] bytes) => (name, bytes);

    private static byte[] Pem(string label, byte[] der) => System.Text.Encoding.ASCII.GetBytes(System.Security.Cryptography.PemEncoding.WriteString(label, der) + "\n");

    [Fact]
    public void A_PEM_bundle_with_certificates_and_a_CRL()
    {
        var bundle = "# comment lines and text between blocks are ignored, as OpenSSL does\n"u8.ToArray()
            .Concat(Pem("CERTIFICATE", pki.Root.GetEncoded()))
            .Concat(Pem("CERTIFICATE", pki.Intermediate.GetEncoded()))
            .Concat(Pem("X509 CRL", pki.Crl.GetEncoded()))
            .ToArray();

        var anchors = TrustAnchors.Parse([Source("bundle.pem", bundle)]);

        Assert.Equal([pki.Root, pki.Intermediate], anchors.Certificates);
        Assert.Equal([pki.Crl], anchors.Crls);
        Assert.False(anchors.IsEmpty);
    }

    [Fact]
    public void DER_certificate_and_DER_CRL()
    {
        var anchors = TrustAnchors.Parse([Source("root.der", pki.Root.GetEncoded()), Source("root.crl", pki.Crl.GetEncoded())]);

        Assert.Equal([pki.Root], anchors.Certificates);
        Assert.Equal([pki.Crl], anchors.Crls);
    }

    [Fact]
    public async Task OpenSSLs_trusted_certificate_form()
    {
        var trusted = Path.Combine(_directory, "trusted.pem");
        await ProcessRunner.RunCheckedAsync("openssl",
            ["x509", "-in", Path.Combine(pki.Directory, "root.pem"), "-addtrust", "emailProtection", "-trustout", "-out", trusted]);
        Assert.Contains("BEGIN TRUSTED CERTIFICATE", await File.ReadAllTextAsync(trusted), StringComparison.Ordinal);

        var anchors = TrustAnchors.Parse([Source(trusted, await File.ReadAllBytesAsync(trusted))]);

        Assert.Equal([pki.Root], anchors.Certificates);
    }

    [Fact]
    public void Duplicates_count_once()
    {
        var anchors = TrustAnchors.Create([pki.Root, pki.Root], [pki.Crl, pki.Crl]);

        Assert.Single(anchors.Certificates);
        Assert.Single(anchors.Crls);
    }

    [Theory]
    [InlineData("junk.pem", "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n", "junk.pem: a PEM block labelled PRIVATE KEY, where certificates (CERTIFICATE) and CRLs (X509 CRL) are expected")]
    [InlineData("half.pem", "-----BEGIN CERTIFICATE-----\nMAA=\n", "half.pem: PEM text without a complete certificate or CRL block")]
    public void What_is_not_a_certificate_or_CRL_is_named(string name, string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => TrustAnchors.Parse([Source(name, System.Text.Encoding.ASCII.GetBytes(text))]));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Bytes_that_are_neither_say_which_input()
    {
        var error = Assert.Throws<FormatException>(() => TrustAnchors.Parse([Source("random.der", [0x30, 0x03, 0x02, 0x01, 0x05])]));

        Assert.StartsWith("random.der: not a certificate or CRL: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_and_directories()
    {
        var anchorsDirectory = Directory.CreateDirectory(Path.Combine(_directory, "anchors")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(anchorsDirectory, "root.pem"), Pem("CERTIFICATE", pki.Root.GetEncoded()));
        await File.WriteAllBytesAsync(Path.Combine(anchorsDirectory, "root.crl"), pki.Crl.GetEncoded());
        await File.WriteAllTextAsync(Path.Combine(anchorsDirectory, "README"), "not read: no certificate extension");
        var single = Path.Combine(_directory, "intermediate.crt");
        await File.WriteAllBytesAsync(single, pki.Intermediate.GetEncoded());

        var anchors = TrustAnchorFiles.Load([anchorsDirectory, single]);

        Assert.Equal([pki.Root, pki.Intermediate], anchors.Certificates);
        Assert.Equal([pki.Crl], anchors.Crls);
    }

    [Fact]
    public void A_missing_path_is_an_error()
    {
        var missing = Path.Combine(_directory, "nowhere.pem");

        var error = Assert.Throws<FileNotFoundException>(() => TrustAnchorFiles.Load([missing]));

        Assert.Equal($"trust anchor path {missing} does not exist", error.Message);
    }

    [Fact]
    public void Audit_names_are_the_external_contract()
    {
        Assert.Equal(
            ["valid", "invalid", "untrusted", "no-certificate", "not-checked"],
            Enum.GetValues<SignatureStatus>().Select(s => s.AuditName()));
        var notChecked = SignatureVerification.NotChecked("policy: verification off");
        Assert.Equal(("not-checked", "policy: verification off"), (notChecked.AuditName, notChecked.Reason));
        Assert.Empty(notChecked.Signers);
    }
}
