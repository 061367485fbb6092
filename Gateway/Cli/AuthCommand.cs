using Gateway.Smtp.Auth;

namespace Gateway.Cli;

/// <summary>
/// <c>auth hash USER</c>: reads a password from standard input (its first line) and writes the users-file line
/// <c>USER:$pbkdf2-sha256$…</c> for <c>Gateway:Smtp:Auth:UsersFile</c>. The password is never an argument, so it
/// stays out of the shell history and the process list. Exit codes: 0 done, 64 usage, 65 no usable password.
/// </summary>
public static class AuthCommand
{
    public const string Usage = """
          auth hash USER                 read a password on stdin, print the Gateway:Smtp:Auth:UsersFile line for USER
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextReader input, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (arguments is not ["hash", var user])
        {
            await output.WriteLineAsync("usage:" + Environment.NewLine + Usage);
            return 64;
        }
        if (!SmtpUsers.IsUserName(user))
        {
            await error.WriteLineAsync($"auth hash: the user name must be printable ASCII without spaces or ':'");
            return 64;
        }
        var password = await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("auth hash: no password on standard input");
            return 65; // EX_DATAERR
        }
        await output.WriteLineAsync($"{user}:{PasswordHash.Create(password)}");
        return 0;
    }
}
