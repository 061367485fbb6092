namespace Gateway.Tests.Configuration;

/// <summary>Gateway:Smtp:MaxInMemoryMessageSize checked at start: how much of a message is received into memory.</summary>
public sealed class SmtpSpoolOptionsValidationTests
{
    private const string Key = "Gateway:Smtp:MaxInMemoryMessageSize";

    [Fact]
    public void The_default_is_128_KiB_and_zero_and_16_MiB_are_accepted()
    {
        Assert.Equal(128 * 1024, OptionsBinding.Bind().Smtp.MaxInMemoryMessageSize);
        Assert.Empty(OptionsBinding.Errors((Key, "0")));
        Assert.Empty(OptionsBinding.Errors((Key, "16777216")));
        Assert.Equal(0, OptionsBinding.Bind((Key, "0")).Smtp.MaxInMemoryMessageSize);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("16777217")]
    public void Outside_the_range_stops_the_daemon_naming_the_key(string value)
    {
        Assert.Equal(
            [$"{Key}: must be between 0 (every message to a temporary file) and 16777216 octets (16 MiB); up to MaxConnections times this is held in memory"],
            OptionsBinding.Errors((Key, value)));
    }
}
