using Gateway.Smtp.Auth;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Smtp.Auth;

public sealed class SmtpUsersTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("smtp-users-");

    public void Dispose() => TempDirectory.Delete(_directory);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, $"users-{Guid.NewGuid():N}");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Line(string user, string password) => $"{user}:{PasswordHash.Create(password, PasswordHash.MinimumIterations)}";

    [Fact]
    public void Users_verify_by_name_and_password_and_comments_and_blank_lines_are_skipped()
    {
        var users = SmtpUsers.Load(Write("# submission accounts", Line("alice", "pw-a"), "", Line("bob@example.com", "pw:b")));

        Assert.Equal(2, users.Count);
        Assert.True(users.Verify("alice", "pw-a"));
        Assert.True(users.Verify("bob@example.com", "pw:b"));
        Assert.False(users.Verify("alice", "pw:b"));
        Assert.False(users.Verify("Alice", "pw-a"));
        Assert.False(users.Verify("carol", "pw-a"));
    }

    [Fact]
    public void A_bad_line_names_the_file_and_line_but_never_its_content()
    {
        var good = Line("alice", "pw");
        var cases = new (string[] Lines, string Problem)[]
        {
            ([good, "bob-without-hash"], "line 2: not user:hash"),
            ([":" + good[(good.IndexOf(':', StringComparison.Ordinal) + 1)..]], "line 1: not user:hash"),
            (["b o b" + good[good.IndexOf(':', StringComparison.Ordinal)..]], "line 1: the user name must be printable ASCII without spaces or ':'"),
            (["bob:hunter2"], "line 1: the hash does not begin with $pbkdf2-sha256$"),
            ([good, "# again", good], "line 3: user 'alice' is already defined"),
            (["# nothing but comments", ""], "holds no user:hash line"),
        };
        foreach (var (lines, problem) in cases)
        {
            var path = Write(lines);
            var e = Assert.Throws<FormatException>(() => SmtpUsers.Load(path));
            Assert.Equal($"'{path}' {problem}", e.Message);
            Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        }
    }
}
