using Gateway.Configuration;

namespace Gateway.Operations;

/// <summary>
/// The configured files that hold secrets (private keys, key passwords, the LDAP bind password, SMTP AUTH hashes) and the files that
/// decide trust (anchors), and which of them other users of the host can reach. A private key anyone on the host can
/// read is no longer private; a trust anchor anyone can replace is no longer an anchor.
/// </summary>
public static class SecretFilePermissions
{
    private const UnixFileMode OthersAny = UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
    private const UnixFileMode Writable = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static IReadOnlyList<SecretFileExposure> Find(GatewayOptions options)
    {
        var found = new List<SecretFileExposure>();
        foreach (var (key, path) in Secrets(options))
        {
            if (path is not { Length: > 0 } || ModeOf(path) is not { } mode) continue;
            if ((mode & OthersAny) != 0) found.Add(new SecretFileExposure(key, path, mode, "holds a secret and is open to other users; make it 0600 or 0640"));
            else if ((mode & UnixFileMode.GroupWrite) != 0) found.Add(new SecretFileExposure(key, path, mode, "holds a secret and its group may write it; make it 0600 or 0640"));
        }
        foreach (var (key, path) in TrustMaterial(options))
        {
            if (path is { Length: > 0 } && ModeOf(path) is { } mode && (mode & Writable) != 0)
            {
                found.Add(new SecretFileExposure(key, path, mode, "decides what is trusted and others may write it; make it 0644 or stricter"));
            }
        }
        return found;
    }

    /// <summary>Octal, as chmod takes it.</summary>
    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');

    private static IEnumerable<(string Key, string? Path)> Secrets(GatewayOptions o)
    {
        const string smtp = "Gateway:Smtp:Tls:";
        yield return ($"{smtp}Key", o.Smtp.Tls.Key);
        // The certificate file holds the key itself when no Key is given (PEM with both, or PKCS#12).
        if (string.IsNullOrEmpty(o.Smtp.Tls.Key)) yield return ($"{smtp}Certificate", o.Smtp.Tls.Certificate);
        foreach (var item in Identity("Gateway:Security:Identity", o.Security.Identity)) yield return item;
        for (var i = 0; i < o.Security.DecryptionIdentities.Length; i++)
        {
            foreach (var item in Identity($"Gateway:Security:DecryptionIdentities:{i}", o.Security.DecryptionIdentities[i])) yield return item;
        }
        yield return ("Gateway:Certificates:Ldap:BindPasswordFile", o.Certificates.Ldap.BindPasswordFile);
        yield return ("Gateway:EmailAuth:Signing:KeyFile", o.EmailAuth.Signing.KeyFile);
        // Salted and slow to attack, but a stolen hash can still be guessed at offline.
        yield return ("Gateway:Smtp:Auth:UsersFile", o.Smtp.Auth.UsersFile);
    }

    private static IEnumerable<(string Key, string? Path)> Identity(string prefix, CmsIdentityOptions? identity)
    {
        if (identity is null) yield break;
        yield return ($"{prefix}:Pkcs12", identity.Pkcs12);
        yield return ($"{prefix}:Key", identity.Key);
        yield return ($"{prefix}:PasswordFile", identity.PasswordFile);
    }

    private static IEnumerable<(string Key, string? Path)> TrustMaterial(GatewayOptions o)
    {
        for (var i = 0; i < o.Security.TrustAnchors.Length; i++) yield return ($"Gateway:Security:TrustAnchors:{i}", o.Security.TrustAnchors[i]);
    }

    private static UnixFileMode? ModeOf(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            return File.Exists(path) ? File.GetUnixFileMode(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
