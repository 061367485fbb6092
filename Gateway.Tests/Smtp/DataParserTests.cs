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

    /// <summary>
    /// The vector scan over ordinary lines must decide exactly as the line-by-line path does: random data of mostly
    /// ordinary lines with CR, LF and dots sprinkled in (stuffed dots, bare LFs, lone CRs, the dot line, a dot after a
    /// bare LF), parsed whole (the scan runs), one octet at a time (it cannot: a span of fewer than three octets), and
    /// with a small output limit (pausing), must give the same output, flags and consumed length.
    /// </summary>
    [Fact]
    public void The_vector_scan_decides_as_the_line_by_line_path()
    {
        var random = new Random(20261206);
        for (var round = 0; round < 3000; round++)
        {
            var input = RandomData(random);
            var whole = Parse(input, input.Length, long.MaxValue);
            var octets = Parse(input, 1, long.MaxValue);
            var paused = Parse(input, input.Length, 1 + random.Next(200));
            Assert.Equal(octets, whole);
            Assert.Equal(octets, paused);
        }
    }

    private static string RandomData(Random random)
    {
        var builder = new StringBuilder();
        var lines = random.Next(1, 60);
        for (var l = 0; l < lines; l++)
        {
            var length = random.Next(0, 3) == 0 ? random.Next(0, 5) : random.Next(20, 120);
            for (var c = 0; c < length; c++)
            {
                builder.Append(random.Next(400) switch
                {
                    0 => '\r',
                    1 => '\n',
                    < 12 => '.',
                    _ => (char)('A' + random.Next(26)),
                });
            }
            builder.Append(random.Next(100) switch
            {
                0 => "\n",
                1 => "\r",
                _ => "\r\n",
            });
            if (random.Next(8) == 0) builder.Append('.');
            if (random.Next(300) == 0) builder.Append(".\r\n");
        }
        if (random.Next(4) != 0) builder.Append(".\r\nQUIT\r\n");
        return builder.ToString();
    }

    /// <summary>Feeds <paramref name="input"/> <paramref name="step"/> octets at a time, draining paused output as the line reader does.</summary>
    private static (bool Finished, int Consumed, long Size, bool BareLineFeed, bool LoneCarriageReturn, string Output) Parse(string input, int step, long limit)
    {
        var parser = new DataParser(1 << 20);
        var output = new ArrayBufferWriter<byte>();
        var bytes = Encoding.Latin1.GetBytes(input);
        var pending = Array.Empty<byte>();
        var offset = 0;
        var finished = false;
        while (!finished && offset < bytes.Length)
        {
            var take = Math.Min(step, bytes.Length - offset);
            var sequence = new ReadOnlySequence<byte>([.. pending, .. bytes.AsSpan(offset, take)]);
            offset += take;
            do
            {
                finished = parser.Process(ref sequence, output, limit);
            }
            while (parser.Paused);
            pending = sequence.ToArray();
        }
        return (finished, offset - pending.Length, parser.Size, parser.BareLineFeed, parser.LoneCarriageReturn, Encoding.Latin1.GetString(output.WrittenSpan));
    }
}
