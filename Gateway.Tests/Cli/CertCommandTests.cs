using Gateway.Cli;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Cli;

/// <summary>`Gateway cert …` on a store in a temporary directory, with the test PKI's root as trust anchor.</summary>
[Collection(VerificationCollection.Name)]
public sealed class CertCommandTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("cert-cli-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        string[] settings = [$"--Gateway:Certificates:Store={Path.Combine(_directory, "store")}", $"--Gateway:Security:TrustAnchors:0={pki.RootCertificatePath}"];
        var configuration = new ConfigurationBuilder().AddCommandLine(settings).Build();
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(["cert", .. args], configuration, output, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Import_then_list_and_find_by_each_key()
    {
        var (imported, text) = await RunAsync("import", pki.Rsa.CertificatePath, pki.EcP384.CertificatePath);
        Assert.Equal(0, imported);
        Assert.StartsWith($"added {pki.Rsa.Certificate.SubjectDN} as {Path.Combine(_directory, "store")}/", text, StringComparison.Ordinal);
        Assert.Equal($"already in the store: {pki.Rsa.Certificate.SubjectDN}\n", (await RunAsync("import", pki.Rsa.CertificatePath)).Output);

        var (listed, list) = await RunAsync("list");
        Assert.Equal(0, listed);
        Assert.Contains($" x400={pki.Rsa.X400Address}\n", list, StringComparison.Ordinal);
        Assert.EndsWith($"2 certificates, 0 CRLs in {Path.Combine(_directory, "store")}\n", list, StringComparison.Ordinal);

        var ski = Convert.ToHexString(Gateway.Certificates.CertificateQuery.SubjectKeyIdentifierOf(pki.EcP384.Certificate)!);
        var (found, byKey) = await RunAsync("find", "--ski", ski);
        Assert.Equal(0, found);
        Assert.StartsWith($"{pki.EcP384.Certificate.SubjectDN} serial=", byKey, StringComparison.Ordinal);
        Assert.EndsWith($"1 found for ski={ski} in store {Path.Combine(_directory, "store")}\n", byKey, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("find", "--x400", pki.Rsa.X400Address!.ToString())).Code);
        Assert.Equal(0, (await RunAsync("find", "--email", "rsa-signer@example.test")).Code);
        Assert.Equal(0, (await RunAsync("find", "--issuer", pki.Root.SubjectDN.ToString(), "--serial", pki.Rsa.Certificate.SerialNumber.ToString(16))).Code);
        Assert.Equal(1, (await RunAsync("find", "--email", "nobody@example.test")).Code);
    }

    [Fact]
    public async Task Check_says_what_each_certificate_is_good_for()
    {
        var (code, text) = await RunAsync("check", pki.Rsa.CertificatePath);

        Assert.Equal(0, code);
        Assert.Contains($"  path: {pki.Rsa.Certificate.SubjectDN} <- {pki.Root.SubjectDN}\n", text, StringComparison.Ordinal);
        Assert.Contains("  signing: valid\n", text, StringComparison.Ordinal);
        Assert.Contains($"  encryption: the keyUsage of {pki.Rsa.Subject} allows neither keyEncipherment nor keyAgreement\n", text, StringComparison.Ordinal);

        var (expired, why) = await RunAsync("check", pki.Expired.CertificatePath);
        Assert.Equal(1, expired);
        Assert.Matches(@"\n  signing: [^\n]*(expired|not valid)[^\n]*\n", why);
        Assert.DoesNotContain("signing: valid", why, StringComparison.Ordinal);
        Assert.DoesNotContain("encryption: valid", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_by_address_names_the_certificate_the_gateway_would_encrypt_to()
    {
        await RunAsync("import", pki.EcP384.CertificatePath);

        var (code, text) = await RunAsync("check", "--x400", pki.EcP384.X400Address!.ToString());

        Assert.Equal(0, code);
        Assert.EndsWith($"encrypts to {pki.EcP384.Certificate.SubjectDN} (serial {pki.EcP384.Certificate.SerialNumber.ToString(16)})\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_answer()
    {
        var junk = Path.Combine(_directory, "junk.pem");
        await File.WriteAllTextAsync(junk, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var (code, text) = await RunAsync("import", junk);
        Assert.Equal(65, code);
        Assert.StartsWith($"cert: {junk}: ", text, StringComparison.Ordinal);
        Assert.Equal(64, (await RunAsync("find", "--colour", "blue")).Code);
        Assert.Equal(64, (await RunAsync("frobnicate")).Code);
    }
}
