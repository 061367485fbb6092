using Gateway.Smtp;
using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

public sealed class EsmtpParameterParserTests
{
    [Fact]
    public void Reads_every_MAIL_parameter()
    {
        Assert.True(EsmtpParameterParser.TryParseMail("SIZE=100 BODY=binarymime SMTPUTF8 RET=HDRS ENVID=QQ+2B1 MT-PRIORITY=-4", 1000, out var mail, out _));
        Assert.Equal(new MailParameters(BodyType.BinaryMime, true, DsnReturn.Headers, "QQ+1", 100, -4), mail);
    }

    [Theory]
    [InlineData("MT-PRIORITY=0", 0)]
    [InlineData("MT-PRIORITY=9", 9)]
    [InlineData("mt-priority=-9", -9)]
    [InlineData("MT-PRIORITY=+3", 3)]
    public void Reads_MT_PRIORITY(string parameters, int expected)
    {
        Assert.True(EsmtpParameterParser.TryParseMail(parameters, 1000, out var mail, out var error), error?.ToString());
        Assert.Equal(expected, mail.TransferPriority);
    }

    [Theory]
    [InlineData("SIZE=x", "501 5.5.4 Bad SIZE parameter: a number of octets is expected")]
    [InlineData("SIZE=1001", "552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("BODY=9BIT", "501 5.5.4 Bad BODY parameter: 7BIT, 8BITMIME or BINARYMIME")]
    [InlineData("RET=ALL", "501 5.5.4 Bad RET parameter: FULL or HDRS")]
    [InlineData("ENVID=a+2", "501 5.5.4 Bad ENVID parameter: xtext of at most 100 characters")]
    [InlineData("ENVID=a=b", "501 5.5.4 Bad ENVID parameter: xtext of at most 100 characters")]
    [InlineData("SMTPUTF8=yes", "501 5.5.4 SMTPUTF8 takes no value")]
    [InlineData("RET=FULL RET=HDRS", "501 5.5.4 Duplicate MAIL parameter RET")]
    [InlineData("AUTH=<>", "555 5.5.4 Unsupported MAIL parameter AUTH")]
    [InlineData("MT-PRIORITY=10", "501 5.5.4 Bad MT-PRIORITY parameter: an integer from -9 to 9 (RFC 6710)")]
    [InlineData("MT-PRIORITY=-", "501 5.5.4 Bad MT-PRIORITY parameter: an integer from -9 to 9 (RFC 6710)")]
    [InlineData("MT-PRIORITY", "501 5.5.4 Bad MT-PRIORITY parameter: an integer from -9 to 9 (RFC 6710)")]
    [InlineData("MT-PRIORITY=urgent", "501 5.5.4 Bad MT-PRIORITY parameter: an integer from -9 to 9 (RFC 6710)")]
    [InlineData("MT-PRIORITY=1 MT-PRIORITY=2", "501 5.5.4 Duplicate MAIL parameter MT-PRIORITY")]
    public void Refuses_bad_MAIL_parameters_with_the_right_reply(string parameters, string reply)
    {
        Assert.False(EsmtpParameterParser.TryParseMail(parameters, 1000, out _, out var error));
        Assert.Equal(reply, error.ToString());
    }

    [Theory]
    [InlineData("NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob+2Btag@example.com", DsnNotify.Success | DsnNotify.Failure, "rfc822", "bob+tag@example.com")]
    [InlineData("NOTIFY=never", DsnNotify.Never, null, null)]
    [InlineData("ORCPT=RFC822;a@b", DsnNotify.Unspecified, "rfc822", "a@b")]
    [InlineData("", DsnNotify.Unspecified, null, null)]
    public void Reads_RCPT_DSN_parameters(string parameters, DsnNotify notify, string? type, string? orcpt)
    {
        Assert.True(EsmtpParameterParser.TryParseRcpt("x@y", parameters, out var r, out _));
        Assert.Equal(new SmtpRecipient("x@y", notify, type, orcpt), r);
    }

    [Theory]
    [InlineData("NOTIFY=NEVER,SUCCESS", "501 5.5.4 Bad NOTIFY parameter: NEVER, or any of SUCCESS,FAILURE,DELAY")]
    [InlineData("NOTIFY=SUCCESS,SUCCESS", "501 5.5.4 Bad NOTIFY parameter: NEVER, or any of SUCCESS,FAILURE,DELAY")]
    [InlineData("NOTIFY=", "501 5.5.4 Bad NOTIFY parameter: NEVER, or any of SUCCESS,FAILURE,DELAY")]
    [InlineData("ORCPT=bob@example.com", "501 5.5.4 Bad ORCPT parameter: addr-type;xtext")]
    [InlineData("ORCPT=rfc822;", "501 5.5.4 Bad ORCPT parameter: addr-type;xtext")]
    [InlineData("ORCPT=rfc822;a+zz", "501 5.5.4 Bad ORCPT parameter: addr-type;xtext")]
    [InlineData("FOO=1", "555 5.5.4 Unsupported RCPT parameter FOO")]
    public void Refuses_bad_RCPT_parameters(string parameters, string reply)
    {
        Assert.False(EsmtpParameterParser.TryParseRcpt("x@y", parameters, out _, out var error));
        Assert.Equal(reply, error.ToString());
    }

    [Theory]
    [InlineData("a+b=c d", "a+2Bb+3Dc+20d")]
    [InlineData("plain@example.com", "plain@example.com")]
    public void XText_round_trips(string value, string encoded)
    {
        Assert.Equal(encoded, XText.Encode(value));
        Assert.True(XText.TryDecode(encoded, out var decoded));
        Assert.Equal(value, decoded);
    }
}
