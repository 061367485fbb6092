using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Certificates;
using Gateway.Tests.Integration.Peers;
using Gateway.Tests.Integration.Smtp;
using Gateway.X400;

namespace Gateway.Tests.Integration;

/// <summary>
/// Secrets never reach the logs: a gateway holding a password-protected signing key, a decryption key, a TLS key, a DKIM
/// key, an LDAP bind password and an SMTP AUTH users file does its work with all of them — signs a message for X.400,
/// looks a signer up in the directory (bound), DKIM-signs mail from X.400, accepts one AUTH and refuses another — and
/// then neither its whole stdout/stderr nor its audit log holds any of the key material or passwords, in any form.
/// </summary>
[Collection(LdapCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SecretsNotLoggedTests(LdapFixture ldap) : IAsyncLifetime
{
    private const string User = "submitter@secrets.test";
    private const string AuthPassword = "auth-pass Correct-9d1e";
    private const string WrongPassword = "auth-guess Wrong-51ac";
    private const string KeyPassword = "signing-key pass 3b7f";

    private readonly string _directory = TempDirectory.Create("secrets-");
    private readonly GatewayCertificate _tls = new();

    public Task InitializeAsync() => _tls.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _tls.DisposeAsync();
        TempDirectory.Delete(_directory);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task No_key_material_or_password_appears_in_the_log_or_the_audit()
    {
        var pki = ldap.Pki;
        var signingKey = PathOf("identity.key");
        await ProcessRunner.RunCheckedAsync("openssl", ["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", pki.Rsa.KeyPath, "-out", signingKey,
            "-passout", $"pass:{KeyPassword}"]);
        var dkimKey = PathOf("dkim.key");
        await ProcessRunner.RunCheckedAsync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dkimKey]);
        var bindPassword = PathOf("ldap-bind-password");
        await File.WriteAllTextAsync(bindPassword, Slapd.RootPassword + "\n");
        var users = PathOf("smtp-users");
        await File.WriteAllTextAsync(users, await UntrustedLoopbackGatewayFixture.HashLineAsync(User, AuthPassword));
        await using var sink = await SmtpSink.StartAsync();
        var settings = new Dictionary<string, string>(_tls.Settings())
        {
            ["Gateway:Smtp:Auth:UsersFile"] = users,
            ["Gateway:Smtp:Auth:FailureDelay"] = "00:00:00",
            ["Gateway:Security:Identity:Certificate"] = pki.Rsa.CertificatePath,
            ["Gateway:Security:Identity:Key"] = signingKey,
            ["Gateway:Security:Identity:Password"] = KeyPassword,
            ["Gateway:Security:DecryptionIdentities:0:Certificate"] = pki.SecondRsa.CertificatePath,
            ["Gateway:Security:DecryptionIdentities:0:Key"] = pki.SecondRsa.KeyPath,
            ["Gateway:Security:TrustAnchors:0"] = pki.RootCertificatePath,
            ["Gateway:Security:Routes:0:Match"] = "x400.example",
            ["Gateway:Security:Routes:0:Direction"] = "ToX400",
            ["Gateway:Security:Routes:0:Sign"] = "true",
            ["Gateway:Certificates:Store"] = PathOf("store"),
            ["Gateway:Certificates:Ldap:Url"] = ldap.Slapd.Url,
            ["Gateway:Certificates:Ldap:BaseDn"] = Slapd.BaseDn,
            ["Gateway:Certificates:Ldap:BindDn"] = Slapd.RootDn,
            ["Gateway:Certificates:Ldap:BindPasswordFile"] = bindPassword,
            ["Gateway:EmailAuth:Signing:Domain"] = "gateway.test",
            ["Gateway:EmailAuth:Signing:Selector"] = "gw",
            ["Gateway:EmailAuth:Signing:KeyFile"] = dkimKey,
            ["Logging:LogLevel:Default"] = "Debug",
        };
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions { NextHopPort = sink.Port, Settings = settings });

        // Signed by the gateway on its way to X.400, submitted with AUTH PLAIN.
        var signed = await Swaks.SendAsync(gateway.SmtpPort, User, ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("to be signed", Guid.NewGuid().ToString())),
            ["--tls", "--auth", "PLAIN", "--auth-user", User, "--auth-password", AuthPassword]);
        Assert.True(signed.DataReplyCode == 250, signed.Transcript + gateway.Output);
        // A failed AUTH LOGIN.
        var refused = await Swaks.SendAsync(gateway.SmtpPort, User, ["bob@other.example"], TestMessages.Crlf("Subject: x\n\nx\n"),
            ["--tls", "--auth", "LOGIN", "--auth-user", User, "--auth-password", WrongPassword]);
        Assert.True(refused.Transcript.Contains("535 5.7.8 Error: authentication failed", StringComparison.Ordinal), refused.Transcript);
        // A signer without certificates in the message: the gateway binds to the directory to find it.
        var ipm = X400TestContent.IpmFrom(new OrName(OrAddress.Parse("/S=Somebody/O=Acme/ADMD= /C=GB/")), "via LDAP", Guid.NewGuid().ToString());
        var looked = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"],
            X400TestContent.Wrapped("application/pkcs7-mime; smime-type=signed-x400; name=smime.p7m", await pki.SignAsync(ipm, pki.Rsa, "-nocerts", "-keyid")));
        Assert.True(looked.DataReplyCode == 250, looked.Transcript + gateway.Output);
        // DKIM-signed on its way from X.400 to SMTP.
        await InboundP1.DropAsync(gateway, InboundP1.Message(new OrName(OrAddress.Parse("/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/")), "bob@example.com",
            X400TestContent.Ipm("DKIM-signed", "DKIM"), X400ContentType.FromBuiltIn(22), null, PerRecipientIndicators.Responsibility));
        var dkimSigned = Assert.Single(await sink.WaitForMessagesAsync(1, TimeSpan.FromSeconds(60)));
        Assert.Contains("DKIM-Signature: v=1; a=rsa-sha256; d=gateway.test; s=gw;", Encoding.ASCII.GetString(dkimSigned.Data).Replace("\r\n\t", " ",
            StringComparison.Ordinal), StringComparison.Ordinal);
        var audit = await gateway.WaitForAuditLinesAsync(3, TimeSpan.FromSeconds(60));
        Assert.Equal(User, audit[0].RootElement.GetProperty("authenticatedUser").GetString());
        Assert.Contains("1 certificate looked up in the certificate store or directory", audit[1].RootElement.GetProperty("security").GetString(),
            StringComparison.Ordinal);
        await gateway.StopAsync();

        var log = gateway.Output;
        var auditText = await File.ReadAllTextAsync(Path.Combine(gateway.DataDirectory, "audit.jsonl"));
        // The run did log what it did, so an empty or missing log cannot pass for a clean one.
        Assert.Contains($": AUTH PLAIN succeeded, sasl_username={User}", log, StringComparison.Ordinal);
        Assert.Contains(": AUTH LOGIN failed for 127.0.0.1:", log, StringComparison.Ordinal);
        var secrets = new List<(string What, string Text)>
        {
            ("the AUTH password", AuthPassword),
            ("the wrong AUTH password", WrongPassword),
            ("the AUTH PLAIN response", Base64($"\0{User}\0{AuthPassword}")),
            ("the AUTH LOGIN password response", Base64(WrongPassword)),
            ("the LDAP bind password", Slapd.RootPassword),
            ("the signing key's password", KeyPassword),
        };
        secrets.AddRange(KeyMaterial("the signing key", pki.Rsa.KeyPath));
        secrets.AddRange(KeyMaterial("the signing key as configured (encrypted)", signingKey));
        secrets.AddRange(KeyMaterial("the decryption key", pki.SecondRsa.KeyPath));
        secrets.AddRange(KeyMaterial("the TLS key", _tls.KeyPath));
        secrets.AddRange(KeyMaterial("the DKIM key", dkimKey));
        foreach (var (what, text) in secrets)
        {
            Assert.False(log.Contains(text, StringComparison.Ordinal), $"{what} is in the gateway's output");
            Assert.False(auditText.Contains(text, StringComparison.Ordinal), $"{what} is in the audit log");
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A PEM key in the forms a leak would take: each base64 line of its body, and for an RSA key the private exponent and primes in hex.</summary>
    private static IEnumerable<(string What, string Text)> KeyMaterial(string what, string pemPath)
    {
        var pem = File.ReadAllText(pemPath);
        foreach (var line in pem.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            yield return ($"{what} (a PEM line)", line);
        }
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal)) yield break;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var parameters = rsa.ExportParameters(includePrivateParameters: true);
        foreach (var (name, value) in new[] { ("private exponent", parameters.D!), ("p", parameters.P!), ("q", parameters.Q!) })
        {
            var hex = Convert.ToHexString(value);
            yield return ($"{what} ({name} in hex)", hex[..32]);
            yield return ($"{what} ({name} in hex)", hex[..32].ToLowerInvariant());
            yield return ($"{what} ({name} in base64)", Convert.ToBase64String(value)[..24]);
        }
    }
}
