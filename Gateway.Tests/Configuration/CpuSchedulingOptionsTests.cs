namespace Gateway.Tests.Configuration;

/// <summary>Gateway:CpuSchedulingPolicy: systemd's names, any case; anything else is named at start.</summary>
public sealed class CpuSchedulingOptionsTests
{
    [Fact]
    public void By_default_batch()
    {
        Assert.Equal("batch", OptionsBinding.Bind().CpuSchedulingPolicy);
        Assert.Empty(OptionsBinding.Errors());
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("Other")]
    [InlineData("INHERIT")]
    public void Each_policy_is_accepted_in_any_case(string value) =>
        Assert.Empty(OptionsBinding.Errors(("Gateway:CpuSchedulingPolicy", value)));

    [Theory]
    [InlineData("fifo")] // real-time: a busy gateway would starve the machine, Postfix included
    [InlineData("idle")]
    [InlineData("")]
    public void Another_policy_is_named(string value) =>
        Assert.Equal([$"Gateway:CpuSchedulingPolicy: '{value}' is not one of batch, other, inherit"],
            OptionsBinding.Errors(("Gateway:CpuSchedulingPolicy", value)));
}
