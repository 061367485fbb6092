using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Smtp.Auth;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Configuration;

/// <summary>Gateway:Smtp:Auth checked at start: a users file that is missing, unreadable or has a bad line stops the daemon, naming the key.</summary>
public sealed class SmtpAuthOptionsValidationTests : IDisposable
{
    private const string Key = "Gateway:Smtp:Auth:UsersFile";
    private readonly string _directory = TempDirectory.Create("auth-options-");
    private readonly string _certificate;

    public SmtpAuthOptionsValidationTests()
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        _certificate = Path.Combine(_directory, "server.pem");
        File.WriteAllText(_certificate, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => TempDirectory.Delete(_directory);

    private List<string> Errors(params (string Key, string Value)[] settings) =>
        OptionsBinding.Errors([("Gateway:Smtp:Tls:Certificate", _certificate), .. settings]);

    private string UsersFile(params string[] lines)
    {
        var path = Path.Combine(_directory, $"users-{Guid.NewGuid():N}");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Without_a_users_file_AUTH_is_off_and_the_defaults_are_three_failures_one_second_apart()
    {
        var options = OptionsBinding.Bind();

        Assert.Empty(OptionsBinding.Errors());
        Assert.Null(options.Smtp.Auth.LoadUsers());
        Assert.Equal(3, options.Smtp.Auth.MaxFailures);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Smtp.Auth.FailureDelay);
    }

    [Fact]
    public async Task A_good_users_file_loads()
    {
        var path = UsersFile($"alice:{PasswordHash.Create("pw", PasswordHash.MinimumIterations)}");

        Assert.Empty(Errors((Key, path)));
        Assert.True(await OptionsBinding.Bind((Key, path)).Smtp.Auth.LoadUsers()!.VerifyAsync("alice", "pw", CancellationToken.None));
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var badLine = UsersFile("alice:secret");
        Assert.Equal([$"{Key}: '/nonexistent/users' does not exist"], Errors((Key, "/nonexistent/users")));
        Assert.Equal([$"{Key}: '{badLine}' line 1: the hash does not begin with $pbkdf2-sha256$"], Errors((Key, badLine)));
        Assert.DoesNotContain("secret", Errors((Key, badLine))[0], StringComparison.Ordinal);
        Assert.Equal([$"{Key}: '{_directory}' cannot be read: Access to the path '{_directory}' is denied."], Errors((Key, _directory)));
        Assert.Equal([$"{Key}: needs Gateway:Smtp:Tls:Certificate (AUTH is offered only after STARTTLS)"],
            OptionsBinding.Errors((Key, UsersFile($"alice:{PasswordHash.Create("pw", PasswordHash.MinimumIterations)}"))));
        Assert.Equal(["Gateway:Smtp:Auth:MaxFailures: must be 1 to 100"], Errors(("Gateway:Smtp:Auth:MaxFailures", "0")));
        Assert.Equal(["Gateway:Smtp:Auth:FailureDelay: must be a time span from 00:00:00 to 00:01:00"], Errors(("Gateway:Smtp:Auth:FailureDelay", "00:02:00")));
    }
}
