using Gateway.Smtp;
using Gateway.Smtp.Client;

namespace Gateway.Tests.Smtp.Client;

public sealed class EnvelopeSmtpClientTests
{
    [Theory]
    [InlineData("bob@far.test", DsnNotify.Unspecified, null, null, true)]
    [InlineData("bob@far.test", DsnNotify.Success, null, null, true)]
    [InlineData("bob@far.test", DsnNotify.Failure, "rfc822", "bob@far.test", true)]
    [InlineData("bob@far.test", DsnNotify.Failure, "RFC822", "bob@far.test", true)]
    [InlineData("bob@far.test", DsnNotify.Unspecified, "rfc822", "bob@far.test", false)]
    [InlineData("bob@far.test", DsnNotify.Failure, "rfc822", "robert@origin.test", false)]
    [InlineData("bob@far.test", DsnNotify.Failure, "x400", "bob@far.test", false)]
    public void Knows_which_ORCPT_MailKit_can_carry(string address, DsnNotify notify, string? type, string? original, bool carried) =>
        Assert.Equal(carried, EnvelopeSmtpClient.CarriesOriginalRecipient(new SmtpRecipient(address, notify, type, original)));
}
