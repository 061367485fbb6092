using System.Text.RegularExpressions;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// OpenSSL as the independent CMS implementation the gateway's own CMS code is checked against.
/// Made once per test collection (see <see cref="OpenSslCollection"/>): a test CA, a signer and a
/// recipient (RSA 2048, S/MIME key usages) in a temporary directory.
/// </summary>
public sealed partial class OpenSslCms : IAsyncLifetime
{
    private const string OpenSsl = "openssl";

    public OpenSslCms()
    {
        Directory = TempDirectory.Create("openssl-cms-");
    }

    public string Directory { get; }

    public string CaCertificatePath => Path.Combine(Directory, "ca.pem");

    public string CaKeyPath => Path.Combine(Directory, "ca.key");

    public string SignerCertificatePath => Path.Combine(Directory, "signer.pem");

    public string SignerKeyPath => Path.Combine(Directory, "signer.key");

    public string RecipientCertificatePath => Path.Combine(Directory, "recipient.pem");

    public string RecipientKeyPath => Path.Combine(Directory, "recipient.key");

    public const string SignerEmail = "signer@example.test";

    public const string RecipientEmail = "recipient@example.test";

    public async Task InitializeAsync()
    {
        var cancellationToken = CancellationToken.None;
        await GenerateKeyAsync(CaKeyPath, cancellationToken);
        await RunAsync(
            [
                "req", "-x509", "-new", "-key", CaKeyPath, "-sha256", "-days", "3650",
                "-subj", "/O=CMS-X.400 Gateway tests/CN=Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash",
                "-out", CaCertificatePath,
            ],
            cancellationToken);
        await IssueAsync("signer", SignerEmail, SignerKeyPath, SignerCertificatePath, cancellationToken);
        await IssueAsync("recipient", RecipientEmail, RecipientKeyPath, RecipientCertificatePath, cancellationToken);
    }

    public Task DisposeAsync()
    {
        TempDirectory.Delete(Directory);
        return Task.CompletedTask;
    }

    /// <summary>SignedData, attached content, with <paramref name="eContentType"/> as the encapsulated content type (DER).</summary>
    public async Task<byte[]> SignAsync(byte[] content, string eContentType, CancellationToken cancellationToken = default)
    {
        if (!OidPattern().IsMatch(eContentType))
        {
            throw new ArgumentException($"Not a dotted OID: {eContentType}", nameof(eContentType));
        }

        return await TransformAsync(
            content,
            (input, output) =>
            [
                "cms", "-sign", "-econtent_type", eContentType, "-nodetach", "-binary", "-outform", "DER",
                "-signer", SignerCertificatePath, "-inkey", SignerKeyPath, "-in", input, "-out", output,
            ],
            cancellationToken);
    }

    /// <summary>EnvelopedData for the recipient certificate. OpenSSL always writes id-data as the inner type.</summary>
    /// <param name="cipher">An OpenSSL cipher option without the dash: "aes256", "aes128", "des3".</param>
    public async Task<byte[]> EncryptAsync(byte[] content, string cipher, CancellationToken cancellationToken = default)
    {
        if (!CipherPattern().IsMatch(cipher))
        {
            throw new ArgumentException($"Not a cipher name: {cipher}", nameof(cipher));
        }

        return await TransformAsync(
            content,
            (input, output) =>
            [
                "cms", "-encrypt", "-binary", "-outform", "DER", "-" + cipher, "-in", input, "-out", output,
                RecipientCertificatePath,
            ],
            cancellationToken);
    }

    /// <summary>Verifies SignedData against the test CA and returns the encapsulated content; throws if it does not verify.</summary>
    public Task<byte[]> VerifyAsync(byte[] der, CancellationToken cancellationToken = default) =>
        TransformAsync(
            der,
            (input, output) =>
            [
                "cms", "-verify", "-inform", "DER", "-CAfile", CaCertificatePath, "-binary", "-in", input, "-out", output,
            ],
            cancellationToken);

    /// <summary>Decrypts EnvelopedData with the recipient key and returns the content.</summary>
    public Task<byte[]> DecryptAsync(byte[] der, CancellationToken cancellationToken = default) =>
        TransformAsync(
            der,
            (input, output) =>
            [
                "cms", "-decrypt", "-inform", "DER", "-binary", "-recip", RecipientCertificatePath,
                "-inkey", RecipientKeyPath, "-in", input, "-out", output,
            ],
            cancellationToken);

    /// <summary>`openssl asn1parse -i`: an indented dump of the structure, for assertions and failure messages.</summary>
    public async Task<string> Asn1ParseAsync(byte[] der, CancellationToken cancellationToken = default)
    {
        var input = Path.Combine(Directory, $"{Guid.NewGuid():N}.der");
        await File.WriteAllBytesAsync(input, der, cancellationToken);
        try
        {
            var result = await RunAsync(["asn1parse", "-inform", "DER", "-i", "-in", input], cancellationToken);
            return result.StandardOutput;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private async Task IssueAsync(string name, string email, string keyPath, string certificatePath, CancellationToken cancellationToken)
    {
        await GenerateKeyAsync(keyPath, cancellationToken);
        var request = Path.Combine(Directory, $"{name}.csr");
        await RunAsync(
            ["req", "-new", "-key", keyPath, "-subj", $"/O=CMS-X.400 Gateway tests/CN={name}", "-out", request],
            cancellationToken);

        // S/MIME end-entity extensions: OpenSSL's `cms -verify` checks the smimesign purpose, so the
        // signer needs emailProtection (and digitalSignature); the recipient needs keyEncipherment.
        var extensions = Path.Combine(Directory, $"{name}.ext");
        await File.WriteAllTextAsync(
            extensions,
            $"""
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment
            extendedKeyUsage = emailProtection
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            subjectAltName = email:{email}
            """,
            cancellationToken);
        await RunAsync(
            [
                "x509", "-req", "-in", request, "-CA", CaCertificatePath, "-CAkey", CaKeyPath, "-CAcreateserial",
                "-days", "3650", "-sha256", "-extfile", extensions, "-out", certificatePath,
            ],
            cancellationToken);
    }

    private Task GenerateKeyAsync(string keyPath, CancellationToken cancellationToken) =>
        RunAsync(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyPath], cancellationToken);

    private async Task<byte[]> TransformAsync(byte[] content, Func<string, string, string[]> arguments, CancellationToken cancellationToken)
    {
        // Files, not pipes: the commands are the exact ones an operator would type, and a per-call
        // name keeps concurrent calls apart.
        var id = Guid.NewGuid().ToString("N");
        var input = Path.Combine(Directory, $"{id}.in");
        var output = Path.Combine(Directory, $"{id}.out");
        await File.WriteAllBytesAsync(input, content, cancellationToken);
        try
        {
            await RunAsync(arguments(input, output), cancellationToken);
            return await File.ReadAllBytesAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private Task<ProcessResult> RunAsync(string[] arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunCheckedAsync(OpenSsl, arguments, workingDirectory: Directory, cancellationToken: cancellationToken);

    [GeneratedRegex(@"^[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidPattern();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex CipherPattern();
}
