using Gateway.Relay;
using Gateway.X400;

namespace Gateway.Tests.Relay;

public sealed class PriorityDecisionTests
{
    [Theory]
    [InlineData(null, null, null, true, Priority.Normal)]
    [InlineData(4, "-9", "non-urgent", true, Priority.Urgent)]       // the parameter wins
    [InlineData(null, "5", "non-urgent", true, Priority.Urgent)]     // then the MT-Priority header
    [InlineData(null, "bogus", "urgent", true, Priority.Urgent)]     // a malformed header is passed over
    [InlineData(null, null, "non-urgent", true, Priority.NonUrgent)] // then the RFC 2156 header
    [InlineData(-6, null, null, true, Priority.NonUrgent)]
    [InlineData(2, null, null, true, Priority.Normal)]
    public void Takes_the_strongest_signal(int? parameter, string? mtHeader, string? header, bool trusted, Priority expected) =>
        Assert.Equal(expected, PriorityDecision.Decide(parameter, mtHeader, header, trusted));

    [Theory]
    [InlineData(9, null, null, Priority.Normal)]
    [InlineData(null, null, "urgent", Priority.Normal)]
    [InlineData(null, "-4", "urgent", Priority.Normal)]       // the tunnelled header is not believed from outside
    [InlineData(-4, null, null, Priority.NonUrgent)]          // lowering is always allowed
    [InlineData(null, null, "non-urgent", Priority.NonUrgent)]
    public void An_untrusted_client_cannot_raise_the_priority(int? parameter, string? mtHeader, string? header, Priority expected) =>
        Assert.Equal(expected, PriorityDecision.Decide(parameter, mtHeader, header, trustedClient: false));
}
