using Gateway.Cli;
using Gateway.Smtp.Auth;
using Gateway.Tests.Integration.Peers;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Cli;

/// <summary><c>auth hash USER</c>: the users-file line for a password read from standard input.</summary>
public sealed class AuthCommandTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("auth-command-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private static async Task<(int Code, string Output)> RunAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var code = await AdminCommands.RunAsync(args, new ConfigurationBuilder().Build(), output, CancellationToken.None, input: new StringReader(stdin));
        return (code, output.ToString());
    }

    [Fact]
    public async Task The_line_it_prints_is_a_users_file_line_for_that_password()
    {
        var (code, text) = await RunAsync("pass word with spaces\nignored second line\n", "auth", "hash", "alice@example.com");

        Assert.Equal(0, code);
        Assert.Matches(@"^alice@example\.com:\$pbkdf2-sha256\$600000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+\n$", text);
        Assert.DoesNotContain("pass word", text, StringComparison.Ordinal);
        var file = Path.Combine(_directory, "users");
        await File.WriteAllTextAsync(file, text);
        var users = SmtpUsers.Load(file);
        Assert.True(await users.VerifyAsync("alice@example.com", "pass word with spaces", CancellationToken.None));
        Assert.False(await users.VerifyAsync("alice@example.com", "ignored second line", CancellationToken.None));
    }

    [Fact]
    public async Task No_password_a_bad_name_or_a_missing_user_is_refused_and_prints_no_line()
    {
        Assert.Equal((65, ""), await RunAsync("", "auth", "hash", "alice"));
        Assert.Equal((65, ""), await RunAsync("\n", "auth", "hash", "alice"));
        Assert.Equal((64, ""), await RunAsync("pw\n", "auth", "hash", "a:b"));
        var (code, usage) = await RunAsync("pw\n", "auth", "hash");
        Assert.Equal(64, code);
        Assert.Equal("usage:\n" + AuthCommand.Usage + "\n", usage);
        var (helpCode, help) = await RunAsync("", "help");
        Assert.Equal(0, helpCode);
        // Each verb's usage on lines of its own: nothing runs on after the x400 lines or into the cert and queue lines.
        Assert.Contains("\n                     build a .p1 file (OUT may be a directory such as the drop's in/)\n"
            + "  auth hash USER                 read a password on stdin, print the Gateway:Smtp:Auth:UsersFile line for USER\n"
            + "  cert list ", help, StringComparison.Ordinal);
        Assert.Contains("\n                                 the path to the trust anchors, validity, revocation and key usage\n  queue list ", help,
            StringComparison.Ordinal);
    }
}
