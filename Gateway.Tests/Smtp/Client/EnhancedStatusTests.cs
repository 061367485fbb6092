using Gateway.Smtp.Client;

namespace Gateway.Tests.Smtp.Client;

public sealed class EnhancedStatusTests
{
    [Theory]
    [InlineData(250, "2.0.0 Ok: queued as 4F2", "2.0.0")]
    [InlineData(250, "Ok: queued as 4F2", "2.0.0")]
    [InlineData(451, "4.3.0 Try again later", "4.3.0")]
    [InlineData(421, "Service not available", "4.0.0")]
    [InlineData(550, "5.1.1 <bob@far.test>: Recipient address rejected", "5.1.1")]
    [InlineData(554, "Transaction failed", "5.0.0")]
    [InlineData(552, "5.3.4 Message too big", "5.3.4")]
    [InlineData(550, "4.7.1 mismatched class", "5.0.0")]
    [InlineData(550, "5.1.10 Null MX", "5.1.10")]
    [InlineData(550, "5.1.1000 not a code", "5.0.0")]
    [InlineData(550, "5.1 short", "5.0.0")]
    public void Takes_the_code_at_the_start_of_the_text_when_its_class_matches(int code, string text, string expected) =>
        Assert.Equal(expected, EnhancedStatus.FromReply(code, text));
}
