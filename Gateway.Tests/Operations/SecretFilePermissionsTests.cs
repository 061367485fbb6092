using System.Runtime.Versioning;
using Gateway.Configuration;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

[UnsupportedOSPlatform("windows")]
public sealed class SecretFilePermissionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("secret-modes-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string File(string name, UnixFileMode mode)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, "x");
        System.IO.File.SetUnixFileMode(path, mode);
        return path;
    }

    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupRead = Owner | UnixFileMode.GroupRead;
    private const UnixFileMode WorldRead = GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void Secrets_open_to_others_or_writable_by_the_group_and_anchors_others_may_write_are_named_by_their_keys()
    {
        var options = new GatewayOptions();
        options.Smtp.Tls.Certificate = File("tls.pem", WorldRead);
        options.Smtp.Tls.Key = File("tls.key", WorldRead);
        options.Security.Identity = new CmsIdentityOptions { Certificate = File("id.pem", WorldRead), Key = File("id.key", Owner), PasswordFile = File("id.pass", GroupRead | UnixFileMode.GroupWrite) };
        options.Security.DecryptionIdentities = [new CmsIdentityOptions { Pkcs12 = File("dec.p12", GroupRead) }, new CmsIdentityOptions { Pkcs12 = File("dec2.p12", Owner | UnixFileMode.OtherWrite) }];
        options.Certificates.Ldap.BindPasswordFile = File("ldap.pass", GroupRead);
        options.EmailAuth.Signing.KeyFile = File("dkim.key", WorldRead);
        options.Smtp.Auth.UsersFile = File("smtp-users", WorldRead);
        options.Security.TrustAnchors = [File("root.pem", WorldRead), File("other-root.pem", WorldRead | UnixFileMode.GroupWrite)];

        var found = SecretFilePermissions.Find(options);

        const string open = "holds a secret and is open to other users; make it 0600 or 0640";
        Assert.Equal(
        [
            new SecretFileExposure("Gateway:Smtp:Tls:Key", options.Smtp.Tls.Key, WorldRead, open),
            new SecretFileExposure("Gateway:Security:Identity:PasswordFile", options.Security.Identity.PasswordFile, GroupRead | UnixFileMode.GroupWrite,
                "holds a secret and its group may write it; make it 0600 or 0640"),
            new SecretFileExposure("Gateway:Security:DecryptionIdentities:1:Pkcs12", options.Security.DecryptionIdentities[1].Pkcs12!, Owner | UnixFileMode.OtherWrite, open),
            new SecretFileExposure("Gateway:EmailAuth:Signing:KeyFile", options.EmailAuth.Signing.KeyFile, WorldRead, open),
            new SecretFileExposure("Gateway:Smtp:Auth:UsersFile", options.Smtp.Auth.UsersFile, WorldRead, open),
            new SecretFileExposure("Gateway:Security:TrustAnchors:1", options.Security.TrustAnchors[1], WorldRead | UnixFileMode.GroupWrite,
                "decides what is trusted and others may write it; make it 0644 or stricter"),
        ], found);
        Assert.Equal("0644", SecretFilePermissions.Octal(WorldRead));
    }

    [Fact]
    public void A_tls_certificate_file_that_holds_the_key_is_a_secret_but_one_beside_a_key_file_is_not()
    {
        var options = new GatewayOptions();
        options.Smtp.Tls.Certificate = File("both.pem", WorldRead);
        Assert.Equal(["Gateway:Smtp:Tls:Certificate"], SecretFilePermissions.Find(options).Select(e => e.Key));

        options.Smtp.Tls.Key = File("key.pem", Owner);
        Assert.Empty(SecretFilePermissions.Find(options));
    }

    [Fact]
    public void Missing_files_are_left_to_the_validator()
    {
        var options = new GatewayOptions();
        options.Smtp.Tls.Key = Path.Combine(_directory, "absent.key");
        Assert.Empty(SecretFilePermissions.Find(options));
    }
}
