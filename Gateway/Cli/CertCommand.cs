using System.Globalization;
using Gateway.Certificates;
using Gateway.Cms.Verification;
using Gateway.X400;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace Gateway.Cli;

/// <summary>
/// <c>cert list | import FILE… | find KEY | check FILE|--x400 O/R</c>: the operator's view of the certificate store and
/// directories, asked exactly as the daemon asks them (same configuration, same lookups, same path check).
/// Exit codes: 0 done / found / valid, 1 not found or not valid, 64 usage, 65 a file that is no certificate,
/// 75 a directory that cannot be asked now.
/// </summary>
public static class CertCommand
{
    public const string Usage = """
          cert list                      the certificates in the local store (Gateway:Certificates:Store)
          cert import FILE…              add PEM or DER certificates to the store
          cert find --email ADDRESS | --x400 O/R-ADDRESS | --ski HEX | --subject DN | --issuer DN --serial HEX
                                         look a certificate up as the gateway does (store, files, directory)
          cert check FILE | --x400 O/R-ADDRESS
                                         the path to the trust anchors, validity, revocation and key usage
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, CertificateService service, TextWriter output, TimeProvider time,
        CancellationToken cancellationToken)
    {
        try
        {
            return arguments.ToArray() switch
            {
                ["list"] => await ListAsync(service, output),
                ["import", .. var files] when files.Length > 0 => await ImportAsync(files, service, output),
                ["find", .. var key] when Query(key) is { } query => await FindAsync(query, service, output, cancellationToken),
                ["check", "--x400", var address] => await CheckAddressAsync(OrAddress.Parse(address), service, output, time, cancellationToken),
                ["check", var file] => await CheckFileAsync(file, service, output, time, cancellationToken),
                _ => await UsageAsync(output),
            };
        }
        catch (FormatException e)
        {
            await output.WriteLineAsync($"cert: {e.Message}");
            return 65; // EX_DATAERR
        }
        catch (CertificateDirectoryUnavailableException e)
        {
            await output.WriteLineAsync($"cert: {e.Message}");
            return 75; // EX_TEMPFAIL
        }
    }

    private static async Task<int> UsageAsync(TextWriter output)
    {
        await output.WriteLineAsync("usage: Gateway cert …\n" + Usage);
        return 64;
    }

    private static CertificateQuery? Query(string[] key) => key switch
    {
        ["--email", var email] => CertificateQuery.ForEmail(email),
        ["--x400", var address] => CertificateQuery.ForOrAddress(OrAddress.Parse(address)),
        ["--ski", var hex] => CertificateQuery.ForKeyIdentifier(Convert.FromHexString(hex.Replace(":", "", StringComparison.Ordinal))),
        ["--subject", var subject] => CertificateQuery.ForSubject(new X509Name(subject)),
        ["--issuer", var issuer, "--serial", var serial] => CertificateQuery.ForIssuerAndSerial(new X509Name(issuer), new BigInteger(serial, 16)),
        _ => null,
    };

    private static async Task<int> ListAsync(CertificateService service, TextWriter output)
    {
        var store = service.Store;
        foreach (var certificate in store.Certificates.OrderBy(c => c.SubjectDN.ToString(), StringComparer.Ordinal)) await output.WriteLineAsync(Describe(certificate));
        foreach (var problem in store.Problems) await output.WriteLineAsync($"skipped: {problem}");
        await output.WriteLineAsync($"{store.Certificates.Count} certificates, {store.Crls.Count} CRLs in {store.Directory}");
        return 0;
    }

    private static async Task<int> ImportAsync(IEnumerable<string> files, CertificateService service, TextWriter output)
    {
        var store = service.Store;
        var anchors = TrustAnchorFiles.Load(files);
        foreach (var certificate in anchors.Certificates)
        {
            var written = store.Add(certificate);
            await output.WriteLineAsync(written is null ? $"already in the store: {certificate.SubjectDN}" : $"added {certificate.SubjectDN} as {written}");
        }
        return 0;
    }

    private static async Task<int> FindAsync(CertificateQuery query, CertificateService service, TextWriter output, CancellationToken cancellationToken)
    {
        var found = await service.Directory.FindAsync(query, cancellationToken);
        foreach (var certificate in found) await output.WriteLineAsync(Describe(certificate));
        await output.WriteLineAsync($"{found.Count} found for {query} in {service.Directory.Name}");
        return found.Count > 0 ? 0 : 1;
    }

    private static async Task<int> CheckAddressAsync(OrAddress address, CertificateService service, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = await service.Directory.FindAsync(CertificateQuery.ForOrAddress(address), cancellationToken);
        if (found.Count == 0)
        {
            await output.WriteLineAsync($"no certificate for {address} in {service.Directory.Name}");
            return 1;
        }
        var valid = 0;
        foreach (var certificate in found) valid += await CheckAsync(certificate, service, output, time, cancellationToken) ? 1 : 0;
        var lookup = await service.ForRecipientAsync(address, time.GetUtcNow(), cancellationToken);
        await output.WriteLineAsync(lookup.Certificate is { } chosen
            ? $"encrypts to {chosen.SubjectDN} (serial {chosen.SerialNumber.ToString(16)})"
            : $"cannot encrypt to {address}: {lookup.Refused ?? lookup.Unavailable ?? "no certificate"}");
        return valid > 0 ? 0 : 1;
    }

    private static async Task<int> CheckFileAsync(string file, CertificateService service, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var certificates = TrustAnchorFiles.Load([file]).Certificates;
        if (certificates.Count == 0) throw new FormatException($"{file}: no certificate in it");
        return await CheckAsync(certificates[0], service, output, time, cancellationToken) ? 0 : 1;
    }

    private static async Task<bool> CheckAsync(X509Certificate certificate, CertificateService service, TextWriter output, TimeProvider time,
        CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Describe(certificate));
        var material = await service.ForCertificateAsync(certificate, cancellationToken);
        var context = new VerificationContext(material.TrustAnchors, material.Certificates, time.GetUtcNow());
        var signing = CertificateCheck.TryValidate(certificate, context, CertificatePurpose.Signing, out var path, out var signingFailure);
        var encryption = CertificateCheck.TryValidate(certificate, context, CertificatePurpose.Encryption, out var encryptionPath, out var encryptionFailure);
        if ((path ?? encryptionPath) is { } shown) await output.WriteLineAsync($"  path: {string.Join(" <- ", shown.Select(c => c.SubjectDN.ToString()))}");
        await output.WriteLineAsync($"  signing: {(signing ? "valid" : signingFailure)}");
        await output.WriteLineAsync($"  encryption: {(encryption ? "valid" : encryptionFailure)}");
        if (material.Unavailable is { } unavailable) await output.WriteLineAsync($"  note: {unavailable}");
        return signing || encryption;
    }

    private static string Describe(X509Certificate certificate)
    {
        var ski = CertificateQuery.SubjectKeyIdentifierOf(certificate);
        var x400 = CertificateNames.OrAddressesOf(certificate);
        var email = CertificateNames.EmailsOf(certificate);
        return $"{certificate.SubjectDN} serial={certificate.SerialNumber.ToString(16)} notAfter={certificate.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            + (ski is null ? "" : $" ski={Convert.ToHexString(ski)}")
            + (email.Count == 0 ? "" : $" email={string.Join(',', email)}")
            + (x400.Count == 0 ? "" : $" x400={string.Join(',', x400)}");
    }
}
