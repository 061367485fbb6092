using Gateway.Certificates;
using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Certificates;

/// <summary>The store: every lookup key, the files it writes, what an operator drops in, and what it skips.</summary>
[Collection(VerificationCollection.Name)]
public sealed class LocalCertificateStoreTests(VerificationPki pki) : IDisposable
{
    private readonly string _directory = TempDirectory.Create("store-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private LocalCertificateStore StoreWith(params PkiSigner[] signers)
    {
        foreach (var signer in signers) File.Copy(signer.CertificatePath, Path.Combine(_directory, $"{signer.Name}.pem"));
        return new LocalCertificateStore(_directory);
    }

    [Fact]
    public void Each_key_finds_exactly_its_certificate()
    {
        var store = StoreWith(pki.Rsa, pki.SecondRsa, pki.Ec);
        var rsa = pki.Rsa.Certificate;

        Assert.Equal([rsa], store.Find(CertificateQuery.ForIssuerAndSerial(rsa.IssuerDN, rsa.SerialNumber)));
        Assert.Equal([rsa], store.Find(CertificateQuery.ForKeyIdentifier(CertificateQuery.SubjectKeyIdentifierOf(rsa)!)));
        Assert.Equal([rsa], store.Find(CertificateQuery.ForEmail("RSA-SIGNER@example.test")));
        Assert.Equal([rsa], store.Find(CertificateQuery.ForOrAddress(pki.Rsa.X400Address!)));
        Assert.Equal([rsa], store.Find(CertificateQuery.ForSubject(rsa.SubjectDN)));
        Assert.Equal([pki.Ec.Certificate], store.Find(CertificateQuery.ForOrAddress(pki.Ec.X400Address!)));
    }

    [Fact]
    public void A_miss_is_empty()
    {
        var store = StoreWith(pki.Rsa);

        Assert.Empty(store.Find(CertificateQuery.ForEmail("nobody@example.test")));
        Assert.Empty(store.Find(CertificateQuery.ForIssuerAndSerial(pki.Rsa.Certificate.IssuerDN, pki.Rsa.Certificate.SerialNumber.Add(Org.BouncyCastle.Math.BigInteger.One))));
        Assert.Empty(store.Find(CertificateQuery.ForOrAddress(pki.SecondRsa.X400Address!)));
    }

    [Fact]
    public void Add_writes_a_pem_file_named_by_its_hash_once()
    {
        var store = new LocalCertificateStore(Path.Combine(_directory, "new"));

        var written = store.Add(pki.SecondRsa.Certificate);

        Assert.NotNull(written);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pki.SecondRsa.Certificate.GetEncoded())) + ".pem", Path.GetFileName(written));
        Assert.Null(store.Add(pki.SecondRsa.Certificate));
        Assert.Equal([pki.SecondRsa.Certificate], new LocalCertificateStore(Path.Combine(_directory, "new")).Certificates);
        Assert.Equal([pki.SecondRsa.Certificate], store.Find(CertificateQuery.ForOrAddress(pki.SecondRsa.X400Address!)));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, "new")));
    }

    [Fact]
    public void A_certificate_whose_file_an_operator_removed_is_added_again()
    {
        var directory = Path.Combine(_directory, "harvest");
        var store = new LocalCertificateStore(directory);
        var written = store.Add(pki.SecondRsa.Certificate);
        Assert.Null(store.Add(pki.SecondRsa.Certificate)); // known: by this very instance from here on

        File.Delete(written!);
        store.Reload();

        Assert.Equal(written, store.Add(pki.SecondRsa.Certificate));
        Assert.True(File.Exists(written));
        Assert.Null(store.Add(pki.SecondRsa.Certificate));
        // Another instance of the same certificate is known by its value.
        Assert.Null(store.Add(new Org.BouncyCastle.X509.X509Certificate(pki.SecondRsa.Certificate.GetEncoded())));
    }

    [Fact]
    public async Task A_file_dropped_in_later_is_found_and_a_bad_one_is_skipped_with_its_name()
    {
        var store = StoreWith(pki.Rsa);
        Assert.Empty(store.Find(CertificateQuery.ForOrAddress(pki.Ec.X400Address!)));

        File.Copy(pki.Ec.CertificatePath, Path.Combine(_directory, "ec.crt"));
        File.WriteAllText(Path.Combine(_directory, "broken.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        File.WriteAllText(Path.Combine(_directory, "README.txt"), "not a certificate file name: ignored");

        // The directory is looked at again at most every 200 ms.
        var found = await Poll.UntilAsync(() => store.Find(CertificateQuery.ForOrAddress(pki.Ec.X400Address!)), f => f.Count > 0, TimeSpan.FromSeconds(5),
            _ => "the dropped certificate was not found");
        Assert.Equal([pki.Ec.Certificate], found);
        var problem = Assert.Single(store.Problems);
        Assert.StartsWith(Path.Combine(_directory, "broken.pem") + ": ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CRLs_in_the_directory_are_found_by_issuer()
    {
        File.WriteAllBytes(Path.Combine(_directory, "root.crl"), pki.Crl.GetEncoded());
        var store = new LocalCertificateStore(_directory);

        Assert.Equal([pki.Crl], await store.FindCrlsAsync(pki.Root.SubjectDN, CancellationToken.None));
        Assert.Empty(await store.FindCrlsAsync(pki.Intermediate.SubjectDN, CancellationToken.None));
    }
}
