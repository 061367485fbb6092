using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using Gateway.Smtp.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Smtp.Conformance;

/// <summary>A throw-away server certificate (PEM files in a directory of their own), so that STARTTLS is on offer.</summary>
public sealed class ConformanceCertificate : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("smtp-conformance-tls-").FullName;

    public ConformanceCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var certificatePath = Path.Combine(_directory, "server.crt");
        var keyPath = Path.Combine(_directory, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        Provider = new ServerCertificateProvider(new TlsOptions { Certificate = certificatePath, Key = keyPath },
            NullLogger<ServerCertificateProvider>.Instance, TimeProvider.System);
    }

    public ServerCertificateProvider Provider { get; }

    public void Dispose()
    {
        Provider.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
