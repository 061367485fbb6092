using System.Buffers;
using System.Text;
using Gateway.Smtp.Server;

namespace Gateway.Tests.Smtp;

public sealed class DataParserTests
{
    /// <summary>Feeds the input in chunks of the given size, as a network would, and returns what was written.</summary>
    private static (bool Finished, string Output, DataParser Parser, int Consumed) Run(string input, int chunk, long max = 1 << 20)
    {
        var parser = new DataParser(max);
        var output = new ArrayBufferWriter<byte>();
        var bytes = Encoding.Latin1.GetBytes(input);
        var buffered = new List<byte>();
        var consumed = 0;
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            buffered.AddRange(bytes.Skip(offset).Take(chunk));
            var sequence = new ReadOnlySequence<byte>(buffered.ToArray());
            var finished = parser.Process(ref sequence, output);
            var used = buffered.Count - (int)sequence.Length;
            consumed += used;
            buffered.RemoveRange(0, used);
            if (finished) return (true, Encoding.Latin1.GetString(output.WrittenSpan), parser, consumed);
        }
        return (false, Encoding.Latin1.GetString(output.WrittenSpan), parser, consumed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Removes_dot_stuffing_and_stops_at_the_dot_line_whatever_the_chunking(int chunk)
    {
        var (finished, output, parser, consumed) = Run("Subject: x\r\n\r\n..leading dot\r\n...\r\nlast\r\n.\r\nQUIT\r\n", chunk);
        Assert.True(finished);
        Assert.Equal("Subject: x\r\n\r\n.leading dot\r\n..\r\nlast\r\n", output);
        Assert.Equal(output.Length, parser.Size);
        Assert.Equal("Subject: x\r\n\r\n..leading dot\r\n...\r\nlast\r\n.\r\n".Length, consumed);
        Assert.False(parser.BareLineFeed);
        Assert.False(parser.LoneCarriageReturn);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(4096)]
    public void A_bare_LF_dot_does_not_end_the_data_and_is_flagged(int chunk)
    {
        // The SMTP smuggling pattern: "\n.\n" or "\n.\r\n" must not end the message.
        var (finished, output, parser, _) = Run("a\r\nb\n.\nMAIL FROM:<x@y>\r\nc\r\n.\r\n", chunk);
        Assert.True(finished);
        Assert.Equal("a\r\nb\n.\nMAIL FROM:<x@y>\r\nc\r\n", output);
        Assert.True(parser.BareLineFeed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void A_lone_CR_is_flagged_and_does_not_end_the_data(int chunk)
    {
        var (finished, output, parser, _) = Run("a\r.\rb\r\n.\r\n", chunk);
        Assert.True(finished);
        Assert.Equal("a\r.\rb\r\n", output);
        Assert.True(parser.LoneCarriageReturn);
        Assert.False(parser.BareLineFeed);
    }

    [Fact]
    public void Counts_past_the_limit_but_stops_writing()
    {
        var (finished, output, parser, _) = Run("0123456789\r\n0123456789\r\n.\r\n", 4096, max: 15);
        Assert.True(finished);
        Assert.True(parser.TooBig);
        Assert.Equal(24, parser.Size);
        // Nothing past the limit reaches the spool (runs of lines are written whole, so here nothing at all).
        Assert.True(output.Length <= 15, output);
        Assert.StartsWith(output, "0123456789\r\n0123456789\r\n", StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_line_passes_through_in_pieces()
    {
        var line = new string('x', 100_000);
        var (finished, output, _, _) = Run(line + "\r\n.\r\n", 8192);
        Assert.True(finished);
        Assert.Equal(line + "\r\n", output);
    }

    [Fact]
    public void Without_the_dot_line_the_data_is_not_finished()
    {
        var (finished, output, _, _) = Run("a\r\n.x\r\n", 3);
        Assert.False(finished);
        Assert.Equal("a\r\nx\r\n", output);
    }
}
