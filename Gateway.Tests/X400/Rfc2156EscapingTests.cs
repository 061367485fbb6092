using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class Rfc2156EscapingTests
{
    [Theory]
    [InlineData("first_last@domain.com", "first(u)last(a)domain.com")]
    [InlineData("a%b!c\"d\"", "a(p)b(b)c(q)d(q)")]
    [InlineData("(comment)", "(l)comment(r)")]
    [InlineData("x#y&z*{~}", "x(035)y(038)z(042)(123)(126)(125)")]
    [InlineData("tab\there", "tab(009)here")]
    [InlineData("plain A-Z 0-9 '+,-./:=?", "plain A-Z 0-9 '+,-./:=?")]
    public void Encodes_RFC822_characters_with_the_RFC2156_escapes_and_decimal_codes(string ascii, string printable)
    {
        Assert.Equal(printable, Rfc2156Escaping.EncodePrintable(ascii));
        Assert.Equal(ascii, Rfc2156Escaping.DecodePrintable(printable));
    }

    [Fact]
    public void Every_ASCII_character_round_trips_and_encodes_to_PrintableString_only()
    {
        var all = new string(Enumerable.Range(0, 128).Select(i => (char)i).ToArray());

        var encoded = Rfc2156Escaping.EncodePrintable(all);

        Assert.All(encoded, c => Assert.Matches("[A-Za-z0-9 '()+,\\-./:=?]", c.ToString()));
        Assert.Equal(all, Rfc2156Escaping.DecodePrintable(encoded));
    }

    [Fact]
    public void Text_that_looks_like_an_escape_survives_the_round_trip()
    {
        const string tricky = "(a)(035)(999)(";

        Assert.Equal(tricky, Rfc2156Escaping.DecodePrintable(Rfc2156Escaping.EncodePrintable(tricky)));
    }

    [Theory]
    [InlineData("(A)", "@")]
    [InlineData("x(999)y", "x(999)y")]
    [InlineData("x(128)y", "x(128)y")]
    [InlineData("(x)(", "(x)(")]
    [InlineData("(12)", "(12)")]
    public void Decoding_matches_escape_letters_in_any_case_and_keeps_other_parentheses(string printable, string expected)
    {
        Assert.Equal(expected, Rfc2156Escaping.DecodePrintable(printable));
    }

    [Fact]
    public void Non_ASCII_cannot_be_encoded()
    {
        var e = Assert.Throws<ArgumentException>(() => Rfc2156Escaping.EncodePrintable("jürgen@example.com"));
        Assert.StartsWith("U+00FC at position 2 is not ASCII", e.Message);
    }
}
