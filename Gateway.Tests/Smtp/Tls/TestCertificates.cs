using System.Security.Cryptography.X509Certificates;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Smtp.Tls;

/// <summary>Throw-away certificates made by OpenSSL (an independent implementation) in a directory of their own.</summary>
internal sealed class TestCertificates : IDisposable
{
    private const string OpenSsl = "openssl";

    public string Directory { get; } = TempDirectory.Create("gateway-tls-");

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>A self-signed RSA certificate and its unencrypted PKCS#8 key, in two PEM files.</summary>
    public async Task<PemPair> CreateSelfSignedAsync(string name, string commonName = "localhost")
    {
        var certificate = PathOf($"{name}.crt");
        var key = PathOf($"{name}.key");
        await OpenSslAsync(
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
            "-subj", $"/O=CMS-X.400 Gateway tests/CN={commonName}", "-addext", $"subjectAltName=DNS:{commonName}",
            "-keyout", key, "-out", certificate);
        return new PemPair(certificate, key);
    }

    /// <summary>
    /// A root CA, an intermediate CA and a server certificate the intermediate issued; the certificate file holds the
    /// chain in the usual order (server, intermediate, root).
    /// </summary>
    public async Task<(PemPair Server, string Intermediate)> CreateIssuedAsync(string name)
    {
        var root = await CreateSelfSignedAsync($"{name}-root", "Gateway test root CA");
        var intermediate = await IssueAsync($"{name}-intermediate", "Gateway test intermediate CA", root, isCa: true);
        var server = await IssueAsync(name, "localhost", intermediate, isCa: false);
        var chain = PathOf($"{name}.chain.crt");
        await File.WriteAllTextAsync(chain, string.Concat(
            await File.ReadAllTextAsync(server.Certificate),
            await File.ReadAllTextAsync(intermediate.Certificate),
            await File.ReadAllTextAsync(root.Certificate)));
        return (server with { Certificate = chain }, intermediate.Certificate);
    }

    private async Task<PemPair> IssueAsync(string name, string commonName, PemPair issuer, bool isCa)
    {
        var request = PathOf($"{name}.csr");
        var key = PathOf($"{name}.key");
        var certificate = PathOf($"{name}.crt");
        var extensions = PathOf($"{name}.ext");
        await File.WriteAllTextAsync(extensions, isCa
            ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
            : $"basicConstraints=CA:FALSE\nsubjectAltName=DNS:{commonName}\n");
        await OpenSslAsync("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", $"/CN={commonName}", "-keyout", key, "-out", request);
        await OpenSslAsync(
            "x509", "-req", "-in", request, "-CA", issuer.Certificate, "-CAkey", issuer.Key, "-set_serial", $"{Random.Shared.Next(2, int.MaxValue)}",
            "-days", "2", "-sha256", "-extfile", extensions, "-out", certificate);
        return new PemPair(certificate, key);
    }

    public async Task<string> CreatePfxAsync(PemPair pair, string password, string name)
    {
        var pfx = PathOf($"{name}.pfx");
        await OpenSslAsync("pkcs12", "-export", "-in", pair.Certificate, "-inkey", pair.Key, "-passout", $"pass:{password}", "-out", pfx);
        return pfx;
    }

    /// <summary>The key as PKCS#8 "ENCRYPTED PRIVATE KEY" (OpenSSL 3's default, AES-256-CBC).</summary>
    public async Task<string> EncryptKeyAsync(PemPair pair, string password, string name)
    {
        var encrypted = PathOf($"{name}.enc.key");
        await OpenSslAsync("pkcs8", "-topk8", "-in", pair.Key, "-passout", $"pass:{password}", "-out", encrypted);
        return encrypted;
    }

    public static string ThumbprintOf(string certificatePem)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem));
        return certificate.Thumbprint;
    }

    public void Dispose() => TempDirectory.Delete(Directory);

    private static Task OpenSslAsync(params string[] arguments) => ProcessRunner.RunCheckedAsync(OpenSsl, arguments);
}
