using System.Text;
using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

/// <summary>
/// The scan's own edges; that it decides as the octet-by-octet paths do is shown by the differential tests in
/// DataParserTests and MessageContentCheckTests, which fail when any of its conditions is dropped.
/// </summary>
public sealed class CrlfLinesTests
{
    private static readonly string Good = string.Concat(Enumerable.Repeat(new string('a', 70) + "\r\n", 5)); // 360 octets

    private static int Whole(string text, int maxLine = 100, bool noNul = true, bool noDotAfter = false) =>
        CrlfLines.Whole(Encoding.Latin1.GetBytes(text), maxLine, noNul, noDotAfter);

    [Theory]
    [InlineData("bad\nline\r\n")] // a bare LF
    [InlineData("bad\rline\r\n")] // a lone CR
    [InlineData("nul\0\r\n")]
    public void It_stops_at_the_end_of_the_last_line_before_a_fault(string fault) =>
        Assert.Equal(360, Whole(Good + fault + Good));

    [Fact]
    public void A_line_longer_than_the_limit_is_left_to_the_octet_path() =>
        Assert.Equal(360, Whole(Good + new string('b', 200) + "\r\n" + Good));

    [Fact]
    public void A_NUL_is_ordinary_unless_asked_for() =>
        Assert.True(Whole(Good + "nul\0\r\n" + Good + Good, noNul: false) > 366);

    [Fact]
    public void A_dot_after_a_line_end_stops_it_before_that_line_when_asked()
    {
        var text = Good + ".x\r\n" + Good + Good;
        // The line that the dot follows is left too: its CR is where the scan sees the dot coming.
        Assert.Equal(288, Whole(text, noDotAfter: true));
        Assert.True(Whole(text, noDotAfter: false) > 360 + 4);
    }

    [Fact]
    public void It_needs_a_line_start()
    {
        Assert.True(Whole(Good + Good) > 0);
        Assert.Equal(0, Whole("\n" + Good + Good)); // an LF first, whose CR (if any) the scan cannot see
    }

    [Fact]
    public void Short_spans_and_short_limits_are_left_to_the_octet_path()
    {
        Assert.Equal(0, Whole("abc\r\ndef\r\n"));
        Assert.Equal(0, Whole(Good + Good, maxLine: 63));
    }
}
