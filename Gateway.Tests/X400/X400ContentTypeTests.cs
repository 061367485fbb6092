using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class X400ContentTypeTests
{
    [Fact]
    public void Integer_parses_as_built_in()
    {
        Assert.True(X400ContentType.TryParse("22", out var ct, out _));
        Assert.Equal(22, ct.BuiltIn);
        Assert.Null(ct.Oid);
        Assert.Equal("22", ct.ToString());
    }

    [Fact]
    public void Dotted_oid_parses_as_extended()
    {
        Assert.True(X400ContentType.TryParse("1.3.26.0.4406.0.4.1", out var ct, out _));
        Assert.Null(ct.BuiltIn);
        Assert.Equal("1.3.26.0.4406.0.4.1", ct.Oid);
    }

    [Theory]
    [InlineData("22.x", "content-type=22.x is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("", "the content-type parameter is missing or empty")]
    [InlineData("1.", "content-type=1. is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("01", "content-type=01 has a leading zero")]
    [InlineData("01.2", "content-type=01.2 is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("32768", "content-type=32768 is not an integer in 0..32767 nor a dotted OID (RFC 3854 section 3.5)")]
    [InlineData("3.1", "content-type=3.1 is not an integer nor a dotted OID (RFC 3854 section 3.5)")]
    public void Malformed_values_are_refused(string text, string expected)
    {
        Assert.False(X400ContentType.TryParse(text, out var ct, out var error));
        Assert.Null(ct);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void A_leading_zero_is_not_a_dotted_oid_arc()
    {
        Assert.False(X400ContentType.IsDottedOid("1.01"));
        Assert.True(X400ContentType.IsDottedOid("1.0"));
    }
}
