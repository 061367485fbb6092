using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Smtp.Auth;

/// <summary>
/// The accounts that may authenticate with SMTP AUTH, from a file of <c>user:hash</c> lines (see <see cref="PasswordHash"/>);
/// empty lines and lines beginning with '#' are skipped.
/// </summary>
public sealed class SmtpUsers
{
    private readonly Dictionary<string, PasswordHash> _users;

    // An unknown user costs a derivation as long as a known one's, so that the time of a refusal does not tell which users exist.
    private readonly PasswordHash _decoy;

    // A derivation costs a core a third of a second at the default iterations: one at a time, so that a crowd of
    // clients guessing passwords cannot take more than one core from the mail.
    private readonly SemaphoreSlim _derivation = new(1, 1);

    // The last password each user authenticated with, as an HMAC under a key that lives only in this process: a client
    // that logs in for every message pays the derivation once, not each time. Wrong passwords are never remembered.
    private readonly byte[] _sessionKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, byte[]> _verified = new(StringComparer.Ordinal);

    public SmtpUsers(IReadOnlyDictionary<string, PasswordHash> users)
    {
        _users = new Dictionary<string, PasswordHash>(users, StringComparer.Ordinal);
        _decoy = PasswordHash.Create("", _users.Values.Select(h => h.Iterations).DefaultIfEmpty(PasswordHash.MinimumIterations).Max());
    }

    public int Count => _users.Count;

    /// <summary>Reads the users file.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the file and the line number, never the line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static SmtpUsers Load(string path)
    {
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            string Where() => string.Create(CultureInfo.InvariantCulture, $"'{path}' line {number}");
            if (colon <= 0) throw new FormatException($"{Where()}: not user:hash");
            var user = line[..colon];
            if (!IsUserName(user)) throw new FormatException($"{Where()}: the user name must be printable ASCII without spaces or ':'");
            if (!PasswordHash.TryParse(line[(colon + 1)..], out var hash, out var error)) throw new FormatException($"{Where()}: {error}");
            if (!users.TryAdd(user, hash)) throw new FormatException($"{Where()}: user '{user}' is already defined");
        }
        if (users.Count == 0) throw new FormatException($"'{path}' holds no user:hash line");
        return new SmtpUsers(users);
    }

    public static bool IsUserName(string user) => user.Length is > 0 and <= 255 && user.All(c => c is > ' ' and < (char)127 and not ':');

    /// <summary>Whether <paramref name="user"/> exists and <paramref name="password"/> is theirs.</summary>
    public async Task<bool> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        var tag = HMACSHA256.HashData(_sessionKey, Encoding.UTF8.GetBytes(password));
        if (_verified.TryGetValue(user, out var known) && CryptographicOperations.FixedTimeEquals(known, tag)) return true;
        await _derivation.WaitAsync(cancellationToken);
        try
        {
            if (!_users.TryGetValue(user, out var hash))
            {
                _decoy.Matches(password);
                return false;
            }
            if (!hash.Matches(password)) return false;
            _verified[user] = tag;
            return true;
        }
        finally
        {
            _derivation.Release();
        }
    }
}
