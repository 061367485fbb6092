namespace Gateway.Configuration;

/// <summary>
/// A certificate with its private key: either <c>Pkcs12</c> (a .p12/.pfx file) or <c>Certificate</c> + <c>Key</c> (PEM
/// files; the key may be encrypted PKCS#8). The password comes from <c>PasswordFile</c> (preferred: it can be 0600
/// and outside the configuration) or <c>Password</c>; it is never logged.
/// </summary>
public sealed class CmsIdentityOptions
{
    public string? Pkcs12 { get; set; }

    public string? Certificate { get; set; }

    public string? Key { get; set; }

    public string? PasswordFile { get; set; }

    public string? Password { get; set; }

    /// <summary>The password from <c>PasswordFile</c> (its first line) or <c>Password</c>; null when neither is set.</summary>
    public string? ReadPassword() =>
        PasswordFile is not null ? File.ReadLines(PasswordFile).FirstOrDefault() ?? "" : Password;

    /// <summary>The identity itself; call on validated options.</summary>
    /// <exception cref="FormatException">The files do not hold a usable identity; the message names the file, never the password.</exception>
    public Gateway.Cms.Signing.SigningIdentity Load() => Gateway.Certificates.SigningIdentityFiles.Load(Pkcs12, Certificate, Key, ReadPassword());

    /// <summary>Problems, each naming its key below <paramref name="key"/>; empty when the entry is usable.</summary>
    public IEnumerable<string> Validate(string key)
    {
        if (Pkcs12 is null && Certificate is null)
        {
            yield return $"{key}: needs Pkcs12, or Certificate and Key";
            yield break;
        }
        if (Pkcs12 is not null && (Certificate is not null || Key is not null))
        {
            yield return $"{key}: give Pkcs12, or Certificate and Key, not both";
        }
        if (Certificate is not null && Key is null) yield return $"{key}:Key: is needed with Certificate";
        foreach (var (name, path) in new[] { ("Pkcs12", Pkcs12), ("Certificate", Certificate), ("Key", Key), ("PasswordFile", PasswordFile) })
        {
            if (path is not null && !File.Exists(path)) yield return $"{key}:{name}: '{path}' does not exist";
        }
        if (PasswordFile is not null && Password is not null) yield return $"{key}: give PasswordFile or Password, not both";
    }
}
