using System.Formats.Asn1;
using Gateway.Cms.Verification;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace Gateway.Tests.Cms.Verification;

/// <summary>
/// A small PKI made with the openssl commands an operator would use: a root CA run with `openssl ca` (so that it can
/// issue certificates with set validity dates, revoke one and publish a CRL), an intermediate CA, and signers of every
/// key type RFC 3854 §2.2 and its successors name, most with an x400Address in their subjectAltName (RFC 3854 §4.3).
/// </summary>
public sealed class VerificationPki : IAsyncLifetime
{
    public const string Organisation = "CMS-X.400 Gateway tests";

    /// <summary>id-mct-p22 (IPM 1988), the eContentType of every object signed here.</summary>
    public const string Ipm88 = "2.6.1.10.1";

    private const string OpenSsl = "openssl";

    public VerificationPki()
    {
        Directory = TempDirectory.Create("cms-verify-");
    }

    public string Directory { get; }

    public X509Certificate Root { get; private set; } = null!;

    public X509Certificate Intermediate { get; private set; } = null!;

    public string IntermediatePath => Path.Combine(Directory, "intermediate.pem");

    /// <summary>The intermediate's earlier certificate: same name, same key, valid from 2020 to 2021.</summary>
    public string ExpiredIntermediatePath => Path.Combine(Directory, "intermediate-2020.pem");

    /// <summary>The root's CRL, listing <see cref="Revoked"/> (keyCompromise).</summary>
    public X509Crl Crl { get; private set; } = null!;

    /// <summary>The root and its CRL: what an operator configures.</summary>
    public TrustAnchors Anchors { get; private set; } = null!;

    public PkiSigner Rsa { get; private set; } = null!;

    public PkiSigner SecondRsa { get; private set; } = null!;

    public PkiSigner Dsa { get; private set; } = null!;

    public PkiSigner Ec { get; private set; } = null!;

    /// <summary>An EC key on P-384 for key agreement (keyUsage keyAgreement), with an x400Address.</summary>
    public PkiSigner EcP384 { get; private set; } = null!;

    /// <summary>An EC key on P-521 for key agreement.</summary>
    public PkiSigner EcP521 { get; private set; } = null!;

    /// <summary>An X9.42 DH key (RFC 5114 2048-bit group with 224-bit subgroup) for key agreement: it cannot sign its own request.</summary>
    public PkiSigner Dh { get; private set; } = null!;

    /// <summary>Valid from 2020 to 2021.</summary>
    public PkiSigner Expired { get; private set; } = null!;

    /// <summary>Valid from 2035 to 2036.</summary>
    public PkiSigner NotYetValid { get; private set; } = null!;

    public PkiSigner Revoked { get; private set; } = null!;

    /// <summary>keyUsage keyEncipherment only.</summary>
    public PkiSigner EnciphermentOnly { get; private set; } = null!;

    /// <summary>Issued by <see cref="Intermediate"/>, not by the root.</summary>
    public PkiSigner UnderIntermediate { get; private set; } = null!;

    private string RootDirectory => Path.Combine(Directory, "root");

    private string RootConfig => Path.Combine(RootDirectory, "ca.cnf");

    private string RootKey => Path.Combine(RootDirectory, "root.key");

    private string RootCertificate => Path.Combine(Directory, "root.pem");

    /// <summary>The root certificate, PEM, for configurations that name trust anchor files.</summary>
    public string RootCertificatePath => RootCertificate;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(RootDirectory);
        await File.WriteAllTextAsync(Path.Combine(RootDirectory, "index.txt"), "");
        await File.WriteAllTextAsync(Path.Combine(RootDirectory, "serial"), "1000\n");
        await File.WriteAllTextAsync(Path.Combine(RootDirectory, "crlnumber"), "1000\n");
        await File.WriteAllTextAsync(
            RootConfig,
            $"""
            [ca]
            default_ca = root
            [root]
            database = {RootDirectory}/index.txt
            new_certs_dir = {RootDirectory}
            serial = {RootDirectory}/serial
            crlnumber = {RootDirectory}/crlnumber
            certificate = {RootCertificate}
            private_key = {RootKey}
            default_md = sha256
            default_days = 3650
            default_crl_days = 30
            policy = any
            unique_subject = no
            copy_extensions = none
            email_in_dn = no
            [any]
            O = optional
            CN = supplied
            """);
        await RunAsync(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", RootKey]);
        await RunAsync(
        [
            "req", "-x509", "-new", "-key", RootKey, "-sha256", "-days", "3650", "-subj", $"/O={Organisation}/CN=Verification Root",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-addext", "subjectKeyIdentifier=hash", "-out", RootCertificate,
        ]);
        Root = ReadCertificate(RootCertificate);

        string[] rsaKey = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
        var intermediateKey = Path.Combine(Directory, "intermediate.key");
        await RunAsync(["genpkey", .. rsaKey, "-out", intermediateKey]);
        await IssueAsync("Verification Intermediate", intermediateKey, IntermediatePath,
            "basicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n");
        Intermediate = ReadCertificate(IntermediatePath);
        await IssueAsync("Verification Intermediate", intermediateKey, ExpiredIntermediatePath,
            "basicConstraints = critical,CA:TRUE,pathlen:0\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n",
            "-startdate", "20200101000000Z", "-enddate", "20210101000000Z");

        var dsaParameters = Path.Combine(Directory, "dsa.param");
        await RunAsync(["genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", dsaParameters]);

        Rsa = await SignerAsync("rsa-signer", rsaKey, OrAddress.Parse("/G=Rosa/S=Signer/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
        SecondRsa = await SignerAsync("second-signer", rsaKey, OrAddress.Parse("/CN=Second Signer/OU1=Ops/O=Acme/PRMD=Acme/ADMD=ATT/C=US/"));
        Dsa = await SignerAsync("dsa-signer", ["-paramfile", dsaParameters], OrAddress.Parse("/S=Dsa/O=Acme/ADMD= /C=GB/"));
        Ec = await SignerAsync("ec-signer", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], OrAddress.Parse("/S=Ec/O=Acme/ADMD= /C=GB/"));
        EcP384 = await SignerAsync("ec384-recipient", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], OrAddress.Parse("/G=Agnes/S=Agree/O=Acme/PRMD=Acme/ADMD= /C=GB/"),
            keyUsage: "digitalSignature,keyAgreement");
        EcP521 = await SignerAsync("ec521-recipient", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"], null, keyUsage: "keyAgreement");
        Dh = await KeyAgreementOnlyAsync("dh-recipient", OrAddress.Parse("/G=Dora/S=Diffie/O=Acme/PRMD=Acme/ADMD= /C=GB/"));
        Expired = await SignerAsync("expired-signer", rsaKey, null, ["-startdate", "20200101000000Z", "-enddate", "20210101000000Z"]);
        NotYetValid = await SignerAsync("future-signer", rsaKey, null, ["-startdate", "20350101000000Z", "-enddate", "20360101000000Z"]);
        Revoked = await SignerAsync("revoked-signer", rsaKey, null);
        EnciphermentOnly = await SignerAsync("encipherment-only", rsaKey, null, keyUsage: "keyEncipherment");
        UnderIntermediate = await SignerAsync("intermediate-signer", rsaKey, OrAddress.Parse("/S=Deep/O=Acme/ADMD= /C=GB/"), issuer: (IntermediatePath, intermediateKey));

        await RunAsync(["ca", "-config", RootConfig, "-revoke", Revoked.CertificatePath, "-crl_reason", "keyCompromise"]);
        var crlPath = Path.Combine(Directory, "root.crl.pem");
        await RunAsync(["ca", "-config", RootConfig, "-gencrl", "-out", crlPath]);
        Crl = new X509CrlParser().ReadCrl(await File.ReadAllBytesAsync(crlPath));
        Anchors = TrustAnchors.Create([Root], [Crl]);
    }

    public Task DisposeAsync()
    {
        TempDirectory.Delete(Directory);
        return Task.CompletedTask;
    }

    /// <summary>
    /// `openssl cms -sign -nodetach -binary -outform DER -econtent_type 2.6.1.10.1` (unless the options name another
    /// -econtent_type: OpenSSL refuses it twice), one -signer/-inkey pair per signer,
    /// plus <paramref name="options"/> ("-md", "sha1", "-nocerts", "-keyopt", …) after the signers, where OpenSSL applies
    /// per-signer options such as -keyopt to the last signer.
    /// </summary>
    public async Task<byte[]> SignAsync(byte[] content, IReadOnlyList<PkiSigner> signers, params string[] options)
    {
        var id = Guid.NewGuid().ToString("N");
        var input = Path.Combine(Directory, $"{id}.in");
        var output = Path.Combine(Directory, $"{id}.out");
        await File.WriteAllBytesAsync(input, content);
        try
        {
            var signerArguments = signers.SelectMany(s => new[] { "-signer", s.CertificatePath, "-inkey", s.KeyPath });
            string[] contentType = options.Contains("-econtent_type") ? [] : ["-econtent_type", Ipm88];
            await RunAsync(
            [
                "cms", "-sign", "-nodetach", "-binary", "-outform", "DER", .. contentType, .. signerArguments, .. options,
                "-in", input, "-out", output,
            ]);
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    public Task<byte[]> SignAsync(byte[] content, PkiSigner signer, params string[] options) => SignAsync(content, [signer], options);

    /// <summary>The signer's private key for BouncyCastle's generator, for objects OpenSSL will not make.</summary>
    public static AsymmetricKeyParameter PrivateKey(PkiSigner signer)
    {
        using var reader = new PemReader(new StringReader(File.ReadAllText(signer.KeyPath)));
        return (AsymmetricKeyParameter)reader.ReadObject();
    }

    /// <summary>Revokes a certificate the root issued and returns the root's new CRL (the fixture's <see cref="Crl"/> stays as it was).</summary>
    public async Task<X509Crl> RevokeAsync(PkiSigner signer)
    {
        await RunAsync(["ca", "-config", RootConfig, "-revoke", signer.CertificatePath, "-crl_reason", "keyCompromise"]);
        var path = Path.Combine(Directory, $"crl-{Guid.NewGuid():N}.pem");
        await RunAsync(["ca", "-config", RootConfig, "-gencrl", "-out", path]);
        return new X509CrlParser().ReadCrl(await File.ReadAllBytesAsync(path));
    }

    /// <summary>
    /// A further RSA signer for one test: under the root by default, or under <paramref name="issuer"/> (which need not be
    /// a CA: that is what some tests are about), with the usages and extra extension lines given.
    /// </summary>
    public Task<PkiSigner> IssueAsync(
        string name,
        PkiSigner? issuer = null,
        string keyUsage = "digitalSignature,nonRepudiation",
        string extendedKeyUsage = "emailProtection",
        string extraExtensions = "",
        OrAddress? x400Address = null) =>
        SignerAsync(name, ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], x400Address, keyUsage: keyUsage, extendedKeyUsage: extendedKeyUsage,
            extraExtensions: extraExtensions, issuer: issuer is null ? null : (issuer.CertificatePath, issuer.KeyPath));

    private async Task<PkiSigner> SignerAsync(
        string name,
        string[] keyOptions,
        OrAddress? x400Address,
        string[]? dates = null,
        string keyUsage = "digitalSignature,nonRepudiation",
        string extendedKeyUsage = "emailProtection",
        string extraExtensions = "",
        (string Certificate, string Key)? issuer = null)
    {
        var keyPath = Path.Combine(Directory, $"{name}.key");
        var certificatePath = Path.Combine(Directory, $"{name}.pem");
        await RunAsync(["genpkey", .. keyOptions, "-out", keyPath]);
        var san = x400Address is null ? "" : $"2.5.29.17 = DER:{Convert.ToHexString(SubjectAltName($"{name}@example.test", x400Address))}\n";
        var extensions =
            $"basicConstraints = critical,CA:FALSE\nkeyUsage = critical,{keyUsage}\nextendedKeyUsage = {extendedKeyUsage}\n"
            + $"subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n{san}{extraExtensions}";
        if (issuer is { } other)
        {
            var request = await RequestAsync(name, keyPath);
            var extensionFile = Path.Combine(Directory, $"{name}.ext");
            await File.WriteAllTextAsync(extensionFile, extensions);
            await RunAsync(
            [
                "x509", "-req", "-in", request, "-CA", other.Certificate, "-CAkey", other.Key, "-CAcreateserial", "-days", "3650",
                "-sha256", "-extfile", extensionFile, "-out", certificatePath,
            ]);
        }
        else
        {
            await IssueAsync(name, keyPath, certificatePath, extensions, dates ?? []);
        }
        return new PkiSigner(name, certificatePath, keyPath, ReadCertificate(certificatePath), x400Address);
    }

    /// <summary>
    /// A DH certificate under the root: the request is signed by the root's key and the DH public key forced in
    /// (`openssl x509 -req -force_pubkey`), the only way OpenSSL issues for a key that cannot sign.
    /// </summary>
    private async Task<PkiSigner> KeyAgreementOnlyAsync(string name, OrAddress x400Address)
    {
        var parameters = Path.Combine(Directory, $"{name}.param");
        var keyPath = Path.Combine(Directory, $"{name}.key");
        var publicKey = Path.Combine(Directory, $"{name}.pub");
        var certificatePath = Path.Combine(Directory, $"{name}.pem");
        await RunAsync(["genpkey", "-genparam", "-algorithm", "DHX", "-pkeyopt", "dh_rfc5114:2", "-out", parameters]);
        await RunAsync(["genpkey", "-paramfile", parameters, "-out", keyPath]);
        await RunAsync(["pkey", "-in", keyPath, "-pubout", "-out", publicKey]);
        var request = await RequestAsync(name, RootKey);
        var extensionFile = Path.Combine(Directory, $"{name}.ext");
        await File.WriteAllTextAsync(extensionFile,
            "basicConstraints = critical,CA:FALSE\nkeyUsage = critical,keyAgreement\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
            + $"2.5.29.17 = DER:{Convert.ToHexString(SubjectAltName($"{name}@example.test", x400Address))}\n");
        await RunAsync(
        [
            "x509", "-req", "-in", request, "-CA", RootCertificate, "-CAkey", RootKey, "-CAcreateserial", "-days", "3650", "-sha256",
            "-force_pubkey", publicKey, "-extfile", extensionFile, "-out", certificatePath,
        ]);
        return new PkiSigner(name, certificatePath, keyPath, ReadCertificate(certificatePath), x400Address);
    }

    /// <summary>`openssl ca` under the root: the certificate gets the next serial and a line in the CA database.</summary>
    private async Task IssueAsync(string name, string keyPath, string certificatePath, string extensions, params string[] dates)
    {
        var request = await RequestAsync(name, keyPath);
        var extensionFile = Path.Combine(Directory, $"{name}.ext");
        await File.WriteAllTextAsync(extensionFile, extensions);
        await RunAsync(["ca", "-batch", "-notext", "-config", RootConfig, "-in", request, "-out", certificatePath, "-extfile", extensionFile, .. dates]);
    }

    private async Task<string> RequestAsync(string name, string keyPath)
    {
        var request = Path.Combine(Directory, $"{name}.csr");
        await RunAsync(["req", "-new", "-key", keyPath, "-subj", $"/O={Organisation}/CN={name}", "-out", request]);
        return request;
    }

    /// <summary>GeneralNames { rfc822Name, x400Address [3] IMPLICIT ORAddress }: what OpenSSL's config syntax cannot spell.</summary>
    private static byte[] SubjectAltName(string email, OrAddress address)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, email, new Asn1Tag(TagClass.ContextSpecific, 1));
            var asOrName = MtsApduCodec.EncodeOrName(new OrName(address));
            asOrName[0] = 0xA3; // [3] IMPLICIT ORAddress: the ORName's contents under the GeneralName tag
            writer.WriteEncodedValue(asOrName);
        }
        return writer.Encode();
    }

    private static X509Certificate ReadCertificate(string path) => new X509CertificateParser().ReadCertificate(File.ReadAllBytes(path));

    private Task<ProcessResult> RunAsync(string[] arguments) => ProcessRunner.RunCheckedAsync(OpenSsl, arguments, workingDirectory: Directory);
}
