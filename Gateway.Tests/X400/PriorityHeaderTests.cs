using Gateway.X400;

namespace Gateway.Tests.X400;

public sealed class PriorityHeaderTests
{
    [Theory]
    [InlineData(Priority.Normal, "normal")]
    [InlineData(Priority.NonUrgent, "non-urgent")]
    [InlineData(Priority.Urgent, "urgent")]
    public void Round_trips(Priority priority, string header)
    {
        Assert.Equal(header, PriorityHeader.Format(priority));
        Assert.Equal(priority, PriorityHeader.Parse(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1 (Highest)")]
    [InlineData(" URGENT ")]
    public void Anything_else_is_normal_except_case_and_spaces(string? header)
    {
        Assert.Equal(header?.Trim().ToLowerInvariant() == "urgent" ? Priority.Urgent : Priority.Normal, PriorityHeader.Parse(header));
    }
}
