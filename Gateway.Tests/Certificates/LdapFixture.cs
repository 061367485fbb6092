using Gateway.Tests.Cms.Verification;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Certificates;

/// <summary>
/// A slapd with the test PKI published the way a directory holds it: people (inetOrgPerson + pkiUser, with mail and
/// textEncodedORAddress) carrying userCertificate;binary, CAs (organizationalRole + pkiCA) carrying cACertificate;binary
/// and the root's certificateRevocationList;binary. (slapd refuses a userCertificate value that is not a
/// certificate by its syntax, so the skipping of unparsable values cannot be shown against it.)
/// </summary>
public sealed class LdapFixture : IAsyncLifetime
{
    public VerificationPki Pki { get; } = new();

    public Slapd Slapd { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Pki.InitializeAsync();
        Slapd = await Slapd.StartAsync();
        await Slapd.AddAsync(string.Join("\n\n",
            Person(Pki.Rsa), Person(Pki.EcP384), Person(Pki.UnderIntermediate), Person(Pki.Revoked),
            Authority("Verification Root", Pki.Root.GetEncoded(), Pki.Crl.GetEncoded()),
            Authority("Verification Intermediate", Pki.Intermediate.GetEncoded(), null)));
    }

    public async Task DisposeAsync()
    {
        if (Slapd is not null) await Slapd.DisposeAsync();
        await Pki.DisposeAsync();
    }

    public static string Person(PkiSigner signer)
    {
        var lines = new List<string>
        {
            $"dn: cn={signer.Name},{Slapd.BaseDn}",
            "objectClass: inetOrgPerson",
            "objectClass: pkiUser",
            "objectClass: extensibleObject",
            $"cn: {signer.Name}",
            "sn: test",
            $"mail: {signer.Name}@example.test",
        };
        if (signer.X400Address is { } address) lines.Add($"textEncodedORAddress: {address}");
        lines.Add(Slapd.Binary("userCertificate;binary", signer.Certificate.GetEncoded()));
        return string.Join('\n', lines);
    }

    private static string Authority(string name, byte[] certificate, byte[]? crl) =>
        string.Join('\n', new[]
        {
            $"dn: cn={name},{Slapd.BaseDn}",
            "objectClass: organizationalRole",
            "objectClass: pkiCA",
            $"cn: {name}",
            Slapd.Binary("cACertificate;binary", certificate),
        }.Concat(crl is null ? [] : [Slapd.Binary("certificateRevocationList;binary", crl)]));
}
