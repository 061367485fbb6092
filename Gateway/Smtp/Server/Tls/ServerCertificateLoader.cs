using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Gateway.Smtp.Server.Tls;

/// <summary>
/// Reads the server certificate from a PEM chain (key in the same file or in its own) or from a PKCS#12 file.
/// Shared by the start-up validation and the provider, so that what passes validation is what gets served.
/// </summary>
internal static class ServerCertificateLoader
{
    // .NET reports a wrong PKCS#12 password with this HRESULT (ERROR_INVALID_PASSWORD) on every platform.
    private const int InvalidPassword = unchecked((int)0x80070056);

    public static LoadedServerCertificate Load(string certificatePath, string? keyPath, string? password)
    {
        try
        {
            return LoadFile(certificatePath, keyPath, password);
        }
        catch (CertificateLoadException e) when (password is { Length: >= 4 } && e.Reason.Contains(password, StringComparison.Ordinal))
        {
            // Belt and braces: no library message should quote the password, but this text goes to the journal.
            // (Very short passwords are left alone: replacing them would garble the message, not hide anything.)
            throw new CertificateLoadException(e.Path, e.Reason.Replace(password, "***", StringComparison.Ordinal));
        }
    }

    private static LoadedServerCertificate LoadFile(string certificatePath, string? keyPath, string? password)
    {
        var certificateBytes = ReadFile(certificatePath);
        if (!IsPkcs12(certificatePath, certificateBytes, keyPath))
        {
            return LoadPem(certificatePath, Encoding.ASCII.GetString(certificateBytes), keyPath, password);
        }

        if (!string.IsNullOrEmpty(keyPath))
        {
            throw new CertificateLoadException(keyPath, "a key file is not used with a PKCS#12 certificate, which holds its own key");
        }

        return LoadPkcs12(certificatePath, certificateBytes, password);
    }

    // The name decides when it says so; otherwise DER (a SEQUENCE) without a separate key file. Anything else is
    // taken for PEM, so that a damaged PEM file is reported as one instead of as an unreadable PKCS#12 file.
    private static bool IsPkcs12(string path, byte[] content, string? keyPath) =>
        Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
        || (string.IsNullOrEmpty(keyPath) && content is [0x30, ..] && content.AsSpan().IndexOf("-----BEGIN "u8) < 0);

    private static LoadedServerCertificate LoadPem(string certificatePath, string certificatePem, string? keyPath, string? password)
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new CertificateLoadException(certificatePath, e.Message);
        }

        if (chain.Count == 0)
        {
            throw new CertificateLoadException(certificatePath, "contains no PEM CERTIFICATE block");
        }

        var keyFile = string.IsNullOrEmpty(keyPath) ? certificatePath : keyPath;
        try
        {
            var keyPem = keyFile == certificatePath ? certificatePem : Encoding.ASCII.GetString(ReadFile(keyFile));
            var certificate = CreateWithKey(keyFile, certificatePem, keyPem, password);
            // The first certificate is the server's own (CreateFromPem takes it too); the rest is the chain to send.
            chain[0].Dispose();
            chain.RemoveAt(0);
            return new LoadedServerCertificate(certificate, chain);
        }
        catch
        {
            foreach (var c in chain)
            {
                c.Dispose();
            }

            throw;
        }
    }

    private static X509Certificate2 CreateWithKey(string keyFile, string certificatePem, string keyPem, string? password)
    {
        try
        {
            if (keyPem.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                if (string.IsNullOrEmpty(password))
                {
                    throw new CertificateLoadException(keyFile, "the private key is encrypted and Gateway:Smtp:Tls:Password is not set");
                }

                try
                {
                    return X509Certificate2.CreateFromEncryptedPem(certificatePem, keyPem, password);
                }
                catch (CryptographicException e)
                {
                    throw new CertificateLoadException(keyFile, $"{e.Message} (is Gateway:Smtp:Tls:Password right?)");
                }
            }

            // .NET reads only PKCS#8 encryption; OpenSSL's old "Proc-Type: 4,ENCRYPTED" form would otherwise fail
            // with a message that does not say why.
            if (keyPem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
            {
                throw new CertificateLoadException(keyFile,
                    "the private key uses OpenSSL's legacy PEM encryption; convert it with `openssl pkcs8 -topk8` (or store it unencrypted with tight permissions)");
            }

            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: the key does not belong to the certificate.
            throw new CertificateLoadException(keyFile, e.Message);
        }
    }

    private static LoadedServerCertificate LoadPkcs12(string path, byte[] content, string? password)
    {
        X509Certificate2Collection all;
        try
        {
            all = X509CertificateLoader.LoadPkcs12Collection(content, password);
        }
        catch (CryptographicException e) when (e.HResult == InvalidPassword)
        {
            throw new CertificateLoadException(path, "wrong password (Gateway:Smtp:Tls:Password)");
        }
        catch (CryptographicException e)
        {
            throw new CertificateLoadException(path, e.Message);
        }

        var certificate = all.FirstOrDefault(c => c.HasPrivateKey);
        if (certificate is null)
        {
            foreach (var c in all)
            {
                c.Dispose();
            }

            throw new CertificateLoadException(path, "contains no private key");
        }

        all.Remove(certificate);
        return new LoadedServerCertificate(certificate, all);
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CertificateLoadException(path, e.Message);
        }
    }
}
