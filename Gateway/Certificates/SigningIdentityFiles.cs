using Gateway.Cms.Signing;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.X509;

namespace Gateway.Certificates;

/// <summary>
/// Reads a signing identity from files: a PKCS#12 file, or a PEM certificate (followed by its chain) and a PEM private
/// key (PKCS#1, SEC1 or PKCS#8, possibly encrypted). Errors name the file and never show the password.
/// </summary>
public static class SigningIdentityFiles
{
    /// <exception cref="FormatException">A file does not hold what it should, or the password does not open it.</exception>
    public static SigningIdentity Load(string? pkcs12, string? certificate, string? key, string? password)
    {
        if (pkcs12 is not null) return FromPkcs12(pkcs12, password);
        if (certificate is null || key is null) throw new FormatException("a signing identity needs a PKCS#12 file, or a certificate and a key");
        List<X509Certificate> certificates;
        using (var reader = File.OpenText(certificate))
        {
            certificates = [.. ReadAll(new PemReader(reader)).OfType<X509Certificate>()];
        }
        if (certificates.Count == 0) throw new FormatException($"{certificate}: no PEM CERTIFICATE in it");
        var privateKey = ReadKey(key, password);
        return new SigningIdentity(certificates[0], privateKey, certificates[1..]);
    }

    private static SigningIdentity FromPkcs12(string path, string? password)
    {
        var store = new Pkcs12StoreBuilder().Build();
        try
        {
            using var stream = File.OpenRead(path);
            store.Load(stream, (password ?? "").ToCharArray());
        }
        catch (Exception e) when (e is IOException or Org.BouncyCastle.OpenSsl.PasswordException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"{path}: cannot be opened as PKCS#12 with the configured password: {e.GetType().Name}", e);
        }
        var alias = store.Aliases.FirstOrDefault(store.IsKeyEntry) ?? throw new FormatException($"{path}: no private key in it");
        var chain = store.GetCertificateChain(alias)?.Select(c => c.Certificate).ToList() ?? [];
        if (chain.Count == 0) throw new FormatException($"{path}: the private key has no certificate");
        return new SigningIdentity(chain[0], store.GetKey(alias).Key, chain[1..]);
    }

    private static AsymmetricKeyParameter ReadKey(string path, string? password)
    {
        if (password is null && X942PrivateKey(path) is { } dh) return dh;
        using var reader = File.OpenText(path);
        object? read;
        try
        {
            read = new PemReader(reader, password is null ? null : new Password(password)).ReadObject();
        }
        catch (Exception e) when (e is IOException or Org.BouncyCastle.OpenSsl.PasswordException or InvalidCipherTextException or PemException)
        {
            throw new FormatException($"{path}: the private key cannot be read{(password is null ? " (no password configured)" : " with the configured password")}: {e.GetType().Name}", e);
        }
        return read switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } privateKey => privateKey,
            _ => throw new FormatException($"{path}: no PEM private key in it"),
        };
    }

    /// <summary>
    /// An unencrypted PKCS#8 X9.42 DH key (what `openssl genpkey -algorithm DHX` writes), which BouncyCastle's key
    /// factory does not recognise: the key-agreement identity of a DH certificate.
    /// </summary>
    private static DHPrivateKeyParameters? X942PrivateKey(string path)
    {
        try
        {
            using var reader = File.OpenText(path);
            if (new Org.BouncyCastle.Utilities.IO.Pem.PemReader(reader).ReadPemObject() is not { Type: "PRIVATE KEY" } pem) return null;
            var info = PrivateKeyInfo.GetInstance(pem.Content);
            if (!info.PrivateKeyAlgorithm.Algorithm.Equals(X9ObjectIdentifiers.DHPublicNumber)) return null;
            var domain = DomainParameters.GetInstance(info.PrivateKeyAlgorithm.Parameters);
            var parameters = new DHParameters(domain.P.Value, domain.G.Value, domain.Q.Value, 0, 0, domain.J?.Value, null);
            return new DHPrivateKeyParameters(DerInteger.GetInstance(info.ParsePrivateKey()).Value, parameters, X9ObjectIdentifiers.DHPublicNumber);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            return null; // not this form: the general reader says what is wrong
        }
    }

    private static IEnumerable<object> ReadAll(PemReader reader)
    {
        while (reader.ReadObject() is { } item) yield return item;
    }

    private sealed class Password(string password) : IPasswordFinder
    {
        public char[] GetPassword() => password.ToCharArray();
    }
}
