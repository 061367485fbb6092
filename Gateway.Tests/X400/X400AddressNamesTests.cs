using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Gateway.Tests.Integration.Peers;
using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class X400AddressNamesTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("x400address-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] SubjectAltName(params OrAddress[] addresses)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, "john@example.com", new Asn1Tag(TagClass.ContextSpecific, 1));
            foreach (var address in addresses)
            {
                var asOrName = MtsApduCodec.EncodeOrName(new OrName(address));
                asOrName[0] = 0xA3; // [3] IMPLICIT ORAddress: same contents, the GeneralName tag
                writer.WriteEncodedValue(asOrName);
            }
        }
        return writer.Encode();
    }

    [Fact]
    public async Task Reads_the_x400Address_of_a_certificate_OpenSSL_made()
    {
        var address = OrAddress.Parse("/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/");
        var san = SubjectAltName(address);
        var config = Path.Combine(_directory, "ext.cnf");
        await File.WriteAllTextAsync(config, $"[ext]\n2.5.29.17 = DER:{Convert.ToHexString(san)}\n");
        var cert = Path.Combine(_directory, "cert.pem");
        await ProcessRunner.RunCheckedAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=John Smith",
            "-keyout", Path.Combine(_directory, "key.pem"), "-out", cert, "-extensions", "ext", "-config", config]);

        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(cert));
        var extension = certificate.Extensions[X400AddressNames.SubjectAltNameOid]!;

        Assert.True(X400AddressNames.TryRead(extension.RawData, out var addresses, out var error), error);
        Assert.Equal([address], addresses);
    }

    [Fact]
    public void Reads_several_and_skips_other_names()
    {
        OrAddress[] addresses = [OrAddress.Parse("/S=One/O=A/ADMD= /C=GB/"), OrAddress.Parse("/CN=Two/OU1=x/O=B/PRMD=P/ADMD=ATT/C=US/")];
        Assert.True(X400AddressNames.TryRead(SubjectAltName(addresses), out var read, out _));
        Assert.Equal(addresses, read);
    }

    [Fact]
    public void A_broken_x400Address_is_an_error_not_skipped()
    {
        byte[] san = [0x30, 0x04, 0xA3, 0x02, 0x05, 0x00];
        Assert.False(X400AddressNames.TryRead(san, out _, out var error));
        Assert.StartsWith("subjectAltName: ", error, StringComparison.Ordinal);
    }
}
