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
    public async Task Users_verify_by_name_and_password_and_comments_and_blank_lines_are_skipped()
    {
        var users = SmtpUsers.Load(Write("# submission accounts", Line("alice", "pw-a"), "", Line("bob@example.com", "pw:b")));

        Assert.Equal(2, users.Count);
        Assert.True(await users.VerifyAsync("alice", "pw-a", CancellationToken.None));
        Assert.True(await users.VerifyAsync("bob@example.com", "pw:b", CancellationToken.None));
        Assert.False(await users.VerifyAsync("alice", "pw:b", CancellationToken.None));
        Assert.False(await users.VerifyAsync("Alice", "pw-a", CancellationToken.None));
        Assert.False(await users.VerifyAsync("carol", "pw-a", CancellationToken.None));
    }

    [Fact]
    public async Task A_remembered_login_is_the_password_that_succeeded_and_no_other()
    {
        var users = SmtpUsers.Load(Write(Line("alice", "pw-a")));

        Assert.True(await users.VerifyAsync("alice", "pw-a", CancellationToken.None));
        Assert.True(await users.VerifyAsync("alice", "pw-a", CancellationToken.None));
        Assert.False(await users.VerifyAsync("alice", "pw-b", CancellationToken.None));
        Assert.False(await users.VerifyAsync("alice", "", CancellationToken.None));
        Assert.True(await users.VerifyAsync("alice", "pw-a", CancellationToken.None));
    }

    [Fact]
    public async Task Logins_at_once_are_each_answered_rightly_while_derivations_take_turns()
    {
        var users = SmtpUsers.Load(Write(Line("alice", "pw-a"), Line("bob", "pw-b")));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => users.VerifyAsync(i % 2 == 0 ? "alice" : "bob", i % 4 < 2 ? $"pw-{(i % 2 == 0 ? 'a' : 'b')}" : "wrong", CancellationToken.None))));

        Assert.Equal([true, true, false, false, true, true, false, false], results);
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
