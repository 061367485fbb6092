using System.Text.RegularExpressions;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Cms;

/// <summary>
/// OpenSSL as the independent producer of the CMS vectors: a test CA (RSA) and, issued by it, RSA, DSA (2048-bit
/// parameters, so that it can sign with SHA-1) and ECDSA P-256 signers, an RSA recipient (key transport) and a P-256
/// recipient (key agreement). Every vector is made during the run with the `openssl cms` command an operator would type.
/// </summary>
public sealed partial class CmsVectorFixture : IAsyncLifetime
{
    private const string OpenSsl = "openssl";
    private const string Organisation = "CMS-X.400 Gateway tests";

    public CmsVectorFixture()
    {
        Directory = TempDirectory.Create("cms-vectors-");
    }

    public string Directory { get; }

    public CmsKey RsaSigner { get; private set; } = null!;

    public CmsKey DsaSigner { get; private set; } = null!;

    public CmsKey EcSigner { get; private set; } = null!;

    public CmsKey RsaRecipient { get; private set; } = null!;

    public CmsKey EcRecipient { get; private set; } = null!;

    private string CaCertificatePath => Path.Combine(Directory, "ca.pem");

    private string CaKeyPath => Path.Combine(Directory, "ca.key");

    public async Task InitializeAsync()
    {
        await RunAsync(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", CaKeyPath]);
        await RunAsync(
        [
            "req", "-x509", "-new", "-key", CaKeyPath, "-sha256", "-days", "3650", "-subj", $"/O={Organisation}/CN=Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-addext", "subjectKeyIdentifier=hash", "-out", CaCertificatePath,
        ]);

        var dsaParameters = Path.Combine(Directory, "dsa.param");
        await RunAsync(["genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", dsaParameters]);

        RsaSigner = await IssueAsync("rsa-signer", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "digitalSignature,nonRepudiation");
        DsaSigner = await IssueAsync("dsa-signer", ["-paramfile", dsaParameters], "digitalSignature,nonRepudiation");
        EcSigner = await IssueAsync("ec-signer", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "digitalSignature,nonRepudiation");
        RsaRecipient = await IssueAsync("rsa-recipient", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "keyEncipherment");
        EcRecipient = await IssueAsync("ec-recipient", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "keyAgreement");
    }

    public Task DisposeAsync()
    {
        TempDirectory.Delete(Directory);
        return Task.CompletedTask;
    }

    /// <summary>`openssl cms -sign -nodetach -binary -outform DER` by <paramref name="signer"/>, plus <paramref name="options"/>.</summary>
    public Task<byte[]> SignAsync(byte[] content, CmsKey signer, params string[] options) =>
        TransformAsync(
            content,
            (input, output) =>
            [
                "cms", "-sign", "-nodetach", "-binary", "-outform", "DER", "-signer", signer.CertificatePath, "-inkey", signer.KeyPath,
                .. options, "-in", input, "-out", output,
            ]);

    /// <summary>`openssl cms -encrypt -binary -outform DER` for <paramref name="recipient"/>, plus <paramref name="options"/> ("-aes256", "-keyid", …).</summary>
    public Task<byte[]> EncryptAsync(byte[] content, CmsKey recipient, params string[] options) =>
        EncryptForAsync(content, [recipient], options);

    /// <summary>The same for several recipients, each getting its own RecipientInfo.</summary>
    public Task<byte[]> EncryptForAsync(byte[] content, IReadOnlyList<CmsKey> recipients, params string[] options) =>
        TransformAsync(
            content,
            (input, output) =>
                ["cms", "-encrypt", "-binary", "-outform", "DER", .. options, "-in", input, "-out", output, .. recipients.Select(r => r.CertificatePath)]);

    /// <summary>`openssl cms -encrypt` with options and no certificate: -secretkey (kekri) or -pwri_password (pwri).</summary>
    public Task<byte[]> EncryptWithoutCertificateAsync(byte[] content, params string[] options) =>
        TransformAsync(content, (input, output) => ["cms", "-encrypt", "-binary", "-outform", "DER", .. options, "-in", input, "-out", output]);

    private async Task<CmsKey> IssueAsync(string name, string[] keyOptions, string keyUsage)
    {
        var keyPath = Path.Combine(Directory, $"{name}.key");
        var certificatePath = Path.Combine(Directory, $"{name}.pem");
        var request = Path.Combine(Directory, $"{name}.csr");
        var extensions = Path.Combine(Directory, $"{name}.ext");
        await RunAsync(["genpkey", .. keyOptions, "-out", keyPath]);
        await RunAsync(["req", "-new", "-key", keyPath, "-subj", $"/O={Organisation}/CN={name}", "-out", request]);
        await File.WriteAllTextAsync(
            extensions,
            $"""
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,{keyUsage}
            extendedKeyUsage = emailProtection
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """);
        await RunAsync(
        [
            "x509", "-req", "-in", request, "-CA", CaCertificatePath, "-CAkey", CaKeyPath, "-CAcreateserial", "-days", "3650",
            "-sha256", "-extfile", extensions, "-out", certificatePath,
        ]);

        var printed = (await RunAsync(
            ["x509", "-in", certificatePath, "-noout", "-issuer", "-serial", "-nameopt", "RFC2253", "-ext", "subjectKeyIdentifier"])).StandardOutput;
        var issuer = IssuerLine().Match(printed).Groups[1].Value;
        var serial = SerialLine().Match(printed).Groups[1].Value;
        var ski = SkiLine().Match(printed).Groups[1].Value.Replace(":", "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(issuer) || string.IsNullOrEmpty(serial) || string.IsNullOrEmpty(ski), printed);
        return new CmsKey(name, certificatePath, keyPath, $"issuer={issuer} serial={serial}", $"ski={ski}");
    }

    private async Task<byte[]> TransformAsync(byte[] content, Func<string, string, string[]> arguments)
    {
        var id = Guid.NewGuid().ToString("N");
        var input = Path.Combine(Directory, $"{id}.in");
        var output = Path.Combine(Directory, $"{id}.out");
        await File.WriteAllBytesAsync(input, content);
        try
        {
            await RunAsync(arguments(input, output));
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private Task<ProcessResult> RunAsync(string[] arguments) =>
        ProcessRunner.RunCheckedAsync(OpenSsl, arguments, workingDirectory: Directory);

    [GeneratedRegex(@"^issuer=(.+)$", RegexOptions.Multiline)]
    private static partial Regex IssuerLine();

    [GeneratedRegex(@"^serial=([0-9A-F]+)$", RegexOptions.Multiline)]
    private static partial Regex SerialLine();

    [GeneratedRegex(@"Subject Key Identifier:\s*\n\s*([0-9A-F:]+)", RegexOptions.Multiline)]
    private static partial Regex SkiLine();
}
