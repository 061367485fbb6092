using Gateway.Relay;
using Gateway.X400;

namespace Gateway.Tests.Relay;

public sealed class AddressMapperTests
{
    private readonly AddressMapper _mapper = new(OrAddress.Parse("/O=GW/PRMD=Example/ADMD= /C=XX/"), ["x400.example", "second.example"]);

    [Theory]
    [InlineData("john.smith@x400.example", "/G=john/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("smith@X400.EXAMPLE", "/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("john.q.smith@second.example", "/G=john/I=q/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("\"/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/\"@x400.example", "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/")]
    [InlineData("/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/@x400.example", "/S=Kille/O=Isode/PRMD=Isode/ADMD= /C=GB/")]
    public void Maps_X400_recipients(string mailbox, string expected)
    {
        Assert.True(_mapper.TryMapX400Recipient(mailbox, out var name, out var error), error);
        Assert.Equal(expected, name.Address.ToString());
    }

    [Theory]
    [InlineData("a.b.c.d@x400.example")]
    [InlineData("j_smith@x400.example")]
    [InlineData("\"/S=Smith/C=/\"@x400.example")]
    public void Refuses_what_cannot_be_an_X400_address(string mailbox)
    {
        Assert.False(_mapper.TryMapX400Recipient(mailbox, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("first_last+tag@sub.example.org")]
    [InlineData("\"odd (name)\"@example.net")]
    public void An_SMTP_mailbox_survives_the_round_trip_through_an_RFC822_DDA(string mailbox)
    {
        Assert.True(_mapper.TryMapSmtpMailbox(mailbox, out var name, out var error), error);
        Assert.Equal("RFC-822", Assert.Single(name.Address.DomainDefinedAttributes).Type);
        Assert.Equal(mailbox, _mapper.ToMailbox(name));
    }

    [Theory]
    [InlineData("john.smith@x400.example")]
    [InlineData("\"/G=John/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")]
    public void An_X400_address_survives_the_round_trip_through_a_mailbox(string mailbox)
    {
        Assert.True(_mapper.TryMapX400Recipient(mailbox, out var name, out _));
        Assert.Equal(mailbox, _mapper.ToMailbox(name));
    }

    [Fact]
    public void The_null_sender_is_the_gateway_itself()
    {
        Assert.True(_mapper.TryMapSmtpMailbox("", out var name, out _));
        Assert.Equal(_mapper.GatewayAddress, name.Address);
    }
}
