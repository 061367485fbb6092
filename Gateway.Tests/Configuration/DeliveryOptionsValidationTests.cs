namespace Gateway.Tests.Configuration;

/// <summary>Gateway:Delivery: the bounds on the connections to the SMTP next hop, checked at start.</summary>
public sealed class DeliveryOptionsValidationTests
{
    [Fact]
    public void By_default_twenty_connections_to_the_next_hop_and_as_many_kept_idle()
    {
        var options = OptionsBinding.Bind();

        Assert.Equal(20, options.Delivery.NextHopConnections);
        // As many kept as may be open: a connection given back is then always kept, never closed to be opened again.
        Assert.Equal(options.Delivery.NextHopConnections, options.Delivery.ConnectionCacheSize);
        Assert.Empty(OptionsBinding.Errors());
    }

    [Theory]
    [InlineData("0", "Gateway:Delivery:NextHopConnections: must be 1 to 1000")]
    [InlineData("1001", "Gateway:Delivery:NextHopConnections: must be 1 to 1000")]
    public void A_bad_bound_is_named(string value, string expected) =>
        Assert.Equal([expected], OptionsBinding.Errors(("Gateway:Delivery:NextHopConnections", value)));
}
