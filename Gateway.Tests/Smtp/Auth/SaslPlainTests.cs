using System.Text;
using Gateway.Smtp.Auth;

namespace Gateway.Tests.Smtp.Auth;

public sealed class SaslPlainTests
{
    [Theory]
    [InlineData("\0alice\0secret", "alice", "secret")]
    [InlineData("alice\0alice\0secret", "alice", "secret")]
    [InlineData("\0ålice\0sé cret", "ålice", "sé cret")]
    public void Well_formed_messages_give_user_and_password(string message, string user, string password)
    {
        Assert.True(SaslPlain.TryDecode(Encoding.UTF8.GetBytes(message), out var u, out var p));
        Assert.Equal((user, password), (u, p));
    }

    [Theory]
    [InlineData("")]
    [InlineData("alicesecret")]
    [InlineData("\0alice")]
    [InlineData("\0\0secret")]
    [InlineData("\0alice\0")]
    [InlineData("root\0alice\0secret")]
    [InlineData("\0alice\0sec\0ret")]
    public void Malformed_messages_and_other_authorization_identities_are_refused(string message)
    {
        Assert.False(SaslPlain.TryDecode(Encoding.UTF8.GetBytes(message), out _, out _));
    }

    [Fact]
    public void Invalid_UTF8_is_refused()
    {
        Assert.False(SaslPlain.TryDecode([0, (byte)'a', 0, 0xC3, 0x28], out _, out _));
    }
}
