using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;

namespace Gateway.Tests.Hostile.Smtp;

/// <summary>
/// The gateway the hostile corpus runs against: the default configuration (so x400.example is an X.400 local domain)
/// relaying to an smtp-sink, with STARTTLS on (for the command-injection cases) and limits small enough that the cases
/// past them stay cheap.
/// </summary>
public sealed class HostileGatewayFixture : SinkGatewayFixture
{
    public const long MaxMessageSize = 4_000_000;
    public const int MaxRecipients = 5;

    private readonly string _directory = TempDirectory.Create("hostile-tls-");

    private string CertificatePath => Path.Combine(_directory, "cert.pem");

    private string KeyPath => Path.Combine(_directory, "key.pem");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gateway:Smtp:MaxMessageSize"] = MaxMessageSize.ToString(CultureInfo.InvariantCulture),
        ["Gateway:Smtp:MaxRecipients"] = MaxRecipients.ToString(CultureInfo.InvariantCulture),
        ["Gateway:Smtp:Tls:Certificate"] = CertificatePath,
        ["Gateway:Smtp:Tls:Key"] = KeyPath,
    };

    public override async Task InitializeAsync()
    {
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=gateway.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            await File.WriteAllTextAsync(CertificatePath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(KeyPath, key.ExportPkcs8PrivateKeyPem());
        }
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            TempDirectory.Delete(_directory);
        }
    }
}
