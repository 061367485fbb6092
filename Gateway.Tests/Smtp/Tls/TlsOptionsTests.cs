using Gateway.Configuration;

namespace Gateway.Tests.Smtp.Tls;

public sealed class TlsOptionsTests : IDisposable
{
    private readonly TestCertificates _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void No_certificate_is_valid_and_means_no_tls()
    {
        Assert.Empty(new TlsOptions().Validate());
    }

    [Fact]
    public void Settings_that_need_a_certificate_say_so()
    {
        var errors = new TlsOptions { RequireTls = true, ImplicitListen = "127.0.0.1:4650", Key = "/x.key" }.Validate().ToList();

        Assert.Contains("Gateway:Smtp:Tls:RequireTls: needs Gateway:Smtp:Tls:Certificate", errors);
        Assert.Contains("Gateway:Smtp:Tls:ImplicitListen: needs Gateway:Smtp:Tls:Certificate", errors);
        Assert.Contains("Gateway:Smtp:Tls:Key: needs Gateway:Smtp:Tls:Certificate", errors);
    }

    [Theory]
    [InlineData("localhost:465")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    [InlineData(" ")]
    public void An_implicit_listener_must_be_ip_and_port(string listen)
    {
        var error = Assert.Single(new TlsOptions { ImplicitListen = listen }.Validate(),
            e => e.StartsWith("Gateway:Smtp:Tls:ImplicitListen: '", StringComparison.Ordinal));
        Assert.Equal($"Gateway:Smtp:Tls:ImplicitListen: '{listen}' is not an IP:port endpoint (e.g. 127.0.0.1:4650)", error);
    }

    [Fact]
    public void The_handshake_timeout_must_be_positive()
    {
        Assert.Contains("Gateway:Smtp:Tls:HandshakeTimeout: must be a positive time span (e.g. 00:00:30)",
            new TlsOptions { HandshakeTimeout = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var missing = _files.PathOf("missing.pem");
        Assert.Equal([$"Gateway:Smtp:Tls:Certificate: '{missing}' does not exist"], new TlsOptions { Certificate = missing }.Validate());
    }

    [Fact]
    public async Task A_missing_key_file_is_named()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var missing = _files.PathOf("missing.key");
        Assert.Equal([$"Gateway:Smtp:Tls:Key: '{missing}' does not exist"],
            new TlsOptions { Certificate = pair.Certificate, Key = missing }.Validate());
    }

    [Fact]
    public async Task A_valid_pem_pair_passes()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        Assert.Empty(new TlsOptions { Certificate = pair.Certificate, Key = pair.Key, RequireTls = true, ImplicitListen = "127.0.0.1:4650" }.Validate());
    }

    [Fact]
    public async Task A_key_that_belongs_to_another_certificate_is_reported_against_the_key()
    {
        var server = await _files.CreateSelfSignedAsync("server");
        var other = await _files.CreateSelfSignedAsync("other");

        var error = Assert.Single(new TlsOptions { Certificate = server.Certificate, Key = other.Key }.Validate());
        Assert.StartsWith($"Gateway:Smtp:Tls:Key: '{other.Key}' cannot be loaded: ", error);
    }

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64 at all\n", false)]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64 at all\n", true)]
    [InlineData("junk", false)]
    [InlineData("junk", true)]
    [InlineData("", true)]
    public async Task A_file_without_a_certificate_is_reported_against_the_certificate(string content, bool withKey)
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var garbage = _files.PathOf("garbage.pem");
        await File.WriteAllTextAsync(garbage, content);

        var error = Assert.Single(new TlsOptions { Certificate = garbage, Key = withKey ? pair.Key : null }.Validate());
        Assert.StartsWith($"Gateway:Smtp:Tls:Certificate: '{garbage}' cannot be loaded: ", error);
    }

    [Fact]
    public async Task A_wrong_pfx_password_names_the_file_and_the_password_key_but_not_the_password()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var pfx = await _files.CreatePfxAsync(pair, "right-horse-battery", "server");
        const string Wrong = "wrong-staple-9731";

        var error = Assert.Single(new TlsOptions { Certificate = pfx, Password = Wrong }.Validate());

        Assert.Equal($"Gateway:Smtp:Tls:Certificate: '{pfx}' cannot be loaded: wrong password (Gateway:Smtp:Tls:Password)", error);
        Assert.DoesNotContain(Wrong, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_pem_key_password_names_the_key_file_but_not_the_password()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var encrypted = await _files.EncryptKeyAsync(pair, "right-horse-battery", "server");
        const string Wrong = "wrong-staple-9731";

        var error = Assert.Single(new TlsOptions { Certificate = pair.Certificate, Key = encrypted, Password = Wrong }.Validate());

        Assert.StartsWith($"Gateway:Smtp:Tls:Key: '{encrypted}' cannot be loaded: ", error);
        Assert.Contains("Gateway:Smtp:Tls:Password", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_pem_key_without_a_password_is_reported()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var encrypted = await _files.EncryptKeyAsync(pair, "right-horse-battery", "server");

        Assert.Equal([$"Gateway:Smtp:Tls:Key: '{encrypted}' cannot be loaded: the private key is encrypted and Gateway:Smtp:Tls:Password is not set"],
            new TlsOptions { Certificate = pair.Certificate, Key = encrypted }.Validate());
    }

    [Fact]
    public async Task A_key_file_next_to_a_pfx_is_refused()
    {
        var pair = await _files.CreateSelfSignedAsync("server");
        var pfx = await _files.CreatePfxAsync(pair, "secret-pass", "server");

        var error = Assert.Single(new TlsOptions { Certificate = pfx, Key = pair.Key, Password = "secret-pass" }.Validate());
        Assert.StartsWith($"Gateway:Smtp:Tls:Key: '{pair.Key}' cannot be loaded: ", error);
    }
}
