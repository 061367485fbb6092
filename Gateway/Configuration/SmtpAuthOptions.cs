using Gateway.Smtp.Auth;

namespace Gateway.Configuration;

/// <summary>
/// <c>Gateway:Smtp:Auth</c>: SMTP AUTH (PLAIN, LOGIN) for clients outside the trusted networks, offered only after
/// STARTTLS. Without <see cref="UsersFile"/> there is no AUTH.
/// </summary>
public sealed class SmtpAuthOptions
{
    private const string Prefix = "Gateway:Smtp:Auth:";

    /// <summary>A file of <c>user:$pbkdf2-sha256$…</c> lines, made with <c>Gateway auth hash USER</c>.</summary>
    public string? UsersFile { get; set; }

    /// <summary>Failed attempts a session may make before it is closed with 421 4.7.0.</summary>
    public int MaxFailures { get; set; } = 3;

    /// <summary>How long the 535 answer to a failed attempt is held back.</summary>
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The users, or null when AUTH is off; call on validated options.</summary>
    public SmtpUsers? LoadUsers() => UsersFile is { Length: > 0 } path ? SmtpUsers.Load(path) : null;

    /// <summary>The problems with these settings, each naming its key; reads the users file to be sure every line is usable.</summary>
    public IEnumerable<string> Validate(TlsOptions tls)
    {
        if (MaxFailures is < 1 or > 100) yield return $"{Prefix}MaxFailures: must be 1 to 100";
        if (FailureDelay < TimeSpan.Zero || FailureDelay > TimeSpan.FromMinutes(1))
        {
            yield return $"{Prefix}FailureDelay: must be a time span from 00:00:00 to 00:01:00";
        }
        if (string.IsNullOrEmpty(UsersFile)) yield break;
        if (string.IsNullOrEmpty(tls.Certificate)) yield return $"{Prefix}UsersFile: needs Gateway:Smtp:Tls:Certificate (AUTH is offered only after STARTTLS)";
        string? error = null;
        try
        {
            SmtpUsers.Load(UsersFile);
        }
        catch (FileNotFoundException)
        {
            error = $"'{UsersFile}' does not exist";
        }
        catch (DirectoryNotFoundException)
        {
            error = $"'{UsersFile}' does not exist";
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error = e is FormatException ? e.Message : $"'{UsersFile}' cannot be read: {e.Message}";
        }
        if (error is not null) yield return $"{Prefix}UsersFile: {error}";
    }
}
