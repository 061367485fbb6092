using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class TransferPriorityTests
{
    [Theory]
    [InlineData(-9, Priority.NonUrgent)]
    [InlineData(-4, Priority.NonUrgent)]
    [InlineData(-3, Priority.NonUrgent)]
    [InlineData(-2, Priority.Normal)]
    [InlineData(0, Priority.Normal)]
    [InlineData(2, Priority.Normal)]
    [InlineData(3, Priority.Urgent)]
    [InlineData(4, Priority.Urgent)]
    [InlineData(9, Priority.Urgent)]
    public void Maps_to_the_nearest_MIXER_level_and_a_tie_to_normal(int value, Priority expected) =>
        Assert.Equal(expected, TransferPriority.ToX400(value));

    [Theory]
    [InlineData(Priority.NonUrgent, -4)]
    [InlineData(Priority.Normal, 0)]
    [InlineData(Priority.Urgent, 4)]
    public void X400_priorities_round_trip(Priority priority, int value)
    {
        Assert.Equal(value, TransferPriority.FromX400(priority));
        Assert.Equal(priority, TransferPriority.ToX400(value));
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public void Out_of_range_values_are_a_programming_error(int value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TransferPriority.ToX400(value));

    [Theory]
    [InlineData("4", 4)]
    [InlineData(" -4 ", -4)]
    [InlineData("+2 (set by the MSA)", 2)]
    [InlineData("0", 0)]
    [InlineData("10", null)]
    [InlineData("urgent", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Reads_the_MT_Priority_header(string? header, int? expected) =>
        Assert.Equal(expected, TransferPriority.ParseHeader(header));
}
