using System.Text;
using Gateway.Smtp.Auth;

namespace Gateway.Tests.Smtp.Auth;

public sealed class PasswordHashTests
{
    [Fact]
    public void A_created_hash_round_trips_and_matches_only_its_password()
    {
        var hash = PasswordHash.Create("s3cret pässword", PasswordHash.MinimumIterations);
        var text = hash.ToString();

        Assert.Matches(@"^\$pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$", text);
        Assert.True(PasswordHash.TryParse(text, out var parsed, out var error), error);
        Assert.True(parsed.Matches("s3cret pässword"));
        Assert.False(parsed.Matches("s3cret password"));
        Assert.False(parsed.Matches(""));
        Assert.NotEqual(text, PasswordHash.Create("s3cret pässword", PasswordHash.MinimumIterations).ToString()); // salted
    }

    [Fact]
    public void The_default_is_600000_iterations()
    {
        Assert.StartsWith("$pbkdf2-sha256$600000$", PasswordHash.Create("x").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_vector_matches()
    {
        // Python: hashlib.pbkdf2_hmac('sha256', b'password', b'saltsaltsaltsalt', 100000).
        var salt = Encoding.ASCII.GetBytes("saltsaltsaltsalt");
        var expected = Convert.FromHexString("4fbf2d122fe6afc61a81e9f2fe393ab39f906a78ddddc797763c0e784857e9b4");
        var hash = new PasswordHash(100_000, salt, expected);
        Assert.True(hash.Matches("password"));
        Assert.False(hash.Matches("Password"));
    }

    [Theory]
    [InlineData("$pbkdf2-sha512$100000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "the hash does not begin with $pbkdf2-sha256$")]
    [InlineData("$pbkdf2-sha256$100000$c2FsdHNhbHQ=", "the hash is not $pbkdf2-sha256$<iterations>$<salt>$<hash>")]
    [InlineData("$pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "the iteration count must be a number of at least 100000")]
    [InlineData("$pbkdf2-sha256$-1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==", "the iteration count must be a number of at least 100000")]
    [InlineData("$pbkdf2-sha256$100000$c2Fs$aGFzaGhhc2hoYXNoaGFzaA==", "the salt (at least 8 octets) or the hash (at least 16 octets) is not base64 of that length")]
    [InlineData("$pbkdf2-sha256$100000$c2FsdHNhbHQ=$!!!", "the salt (at least 8 octets) or the hash (at least 16 octets) is not base64 of that length")]
    [InlineData("plaintext-password", "the hash does not begin with $pbkdf2-sha256$")]
    public void Malformed_hashes_are_refused_with_a_reason_that_does_not_repeat_them(string text, string reason)
    {
        Assert.False(PasswordHash.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
    }
}
