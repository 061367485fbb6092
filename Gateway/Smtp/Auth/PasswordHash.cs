using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Smtp.Auth;

/// <summary>
/// A salted PBKDF2-SHA256 password hash in the modular-crypt style
/// <c>$pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>, as one line of the SMTP users file holds it.
/// </summary>
public sealed record PasswordHash(int Iterations, byte[] Salt, byte[] Hash)
{
    public const string Scheme = "$pbkdf2-sha256$";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256: what <see cref="Create"/> uses.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Fewer iterations than this make a stolen users file too cheap to attack; such a line is refused.</summary>
    public const int MinimumIterations = 100_000;

    private const int SaltLength = 16;
    private const int HashLength = 32;

    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltLength);
        return new PasswordHash(iterations, salt, Derive(password, salt, iterations, HashLength));
    }

    /// <summary>Whether <paramref name="password"/> is the one hashed, in time that does not depend on where they differ.</summary>
    public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(Derive(password, Salt, Iterations, Hash.Length), Hash);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scheme}{Iterations}${Convert.ToBase64String(Salt)}${Convert.ToBase64String(Hash)}");

    /// <summary>Parses the encoded form; <paramref name="error"/> says what is wrong without repeating the text.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PasswordHash? hash, [NotNullWhen(false)] out string? error)
    {
        hash = null;
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"the hash does not begin with {Scheme}";
            return false;
        }
        var parts = text[Scheme.Length..].Split('$');
        if (parts.Length != 3)
        {
            error = $"the hash is not {Scheme}<iterations>$<salt>$<hash>";
            return false;
        }
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinimumIterations)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"the iteration count must be a number of at least {MinimumIterations}");
            return false;
        }
        var salt = FromBase64(parts[1]);
        var derived = FromBase64(parts[2]);
        if (salt is not { Length: >= 8 } || derived is not { Length: >= 16 })
        {
            error = "the salt (at least 8 octets) or the hash (at least 16 octets) is not base64 of that length";
            return false;
        }
        hash = new PasswordHash(iterations, salt, derived);
        error = null;
        return true;
    }

    private static byte[]? FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);
}
