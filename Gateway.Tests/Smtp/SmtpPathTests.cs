using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

public sealed class SmtpPathTests
{
    [Theory]
    [InlineData("<a@b.example>", "a@b.example", "")]
    [InlineData("<> SIZE=10", "", "SIZE=10")]
    [InlineData(" <a.b+c@x-y.example>  BODY=8BITMIME", "a.b+c@x-y.example", "BODY=8BITMIME")]
    [InlineData("<@relay.example,@r2.example:u@d.example>", "u@d.example", "")]
    [InlineData("<\"/G=John/S=Smith/ADMD= /C=GB/\"@x400.example>", "\"/G=John/S=Smith/ADMD= /C=GB/\"@x400.example", "")]
    [InlineData("<\"a>b\"@c.example>", "\"a>b\"@c.example", "")]
    [InlineData("<u@[127.0.0.1]>", "u@[127.0.0.1]", "")]
    public void Parses_valid_paths(string text, string mailbox, string parameters)
    {
        Assert.True(SmtpPath.TryParse(text, out var m, out var p, out var error), error);
        Assert.Equal(mailbox, m);
        Assert.Equal(parameters, p);
    }

    [Theory]
    [InlineData("a@b.example", "the address must be enclosed in <>")]
    [InlineData("<a@b.example", "the address has no closing >")]
    [InlineData("<a@b.example>x", "garbage after the address")]
    [InlineData("<ab.example>", "the address needs a local part and a domain")]
    [InlineData("<a..b@c.example>", "the local part is not a dot-string or a quoted string")]
    [InlineData("<a@-b.example>", "the domain is not a valid host name or address literal")]
    [InlineData("<a b@c.example>", "the local part is not a dot-string or a quoted string")]
    public void Refuses_invalid_paths_saying_why(string text, string expected)
    {
        Assert.False(SmtpPath.TryParse(text, out _, out _, out var error));
        Assert.Equal(expected, error);
    }
}
