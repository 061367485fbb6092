using System.Text;
using Gateway.Mime;

namespace Gateway.Tests.Mime;

public sealed class StrictBase64Tests
{
    private static async Task<(string? Error, byte[] Output)> Decode(string text)
    {
        using var output = new MemoryStream();
        var error = await StrictBase64.DecodeAsync(new MemoryStream(Encoding.ASCII.GetBytes(text)), output, CancellationToken.None);
        return (error, output.ToArray());
    }

    [Fact]
    public async Task Decodes_76_column_lines_exactly()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var encoded = Convert.ToBase64String(data, Base64FormattingOptions.InsertLineBreaks);
        var (error, output) = await Decode(encoded + "\r\n");
        Assert.Null(error);
        Assert.Equal(data, output);
    }

    [Theory]
    [InlineData("AAAA\r\nAA*A\r\n", "invalid base64 character 0x2A at line 2")]
    [InlineData("AAAAA\r\n", "base64 data ends in the middle of a group (1 characters left over)")]
    [InlineData("AA==AAAA\r\n", "base64 data continues after the '=' padding (line 1)")]
    [InlineData("A===\r\n", "more than two '=' padding characters (line 1)")]
    [InlineData("A=\r\n", "base64 data ends in the middle of a group (2 characters left over)")]
    public async Task Refuses_broken_base64_saying_where(string text, string expected)
    {
        var (error, _) = await Decode(text);
        Assert.Equal(expected, error);
    }

    /// <summary>Found by fuzzing (Hostile/Fuzz/mime): an encoder that leaves the bits after the last octet set still means the same octets.</summary>
    [Theory]
    [InlineData("TWd=\r\n", "4D67")]
    [InlineData("TWc=\r\n", "4D67")]
    [InlineData("TR==\r\n", "4D")]
    [InlineData("AAAA\r\nTf==\r\n", "0000004D")]
    public async Task Decodes_a_final_group_whose_bits_after_the_last_octet_are_set(string text, string expected)
    {
        var (error, output) = await Decode(text);
        Assert.Null(error);
        Assert.Equal(expected, Convert.ToHexString(output));
    }
}
