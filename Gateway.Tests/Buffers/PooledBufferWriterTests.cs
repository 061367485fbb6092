using System.Buffers;
using Gateway.Buffers;

namespace Gateway.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Grows_past_its_capacity_keeping_what_was_written()
    {
        using var writer = new PooledBufferWriter(16);
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        // In pieces of odd sizes, through the extension method that asks for a span without a size hint.
        for (var offset = 0; offset < data.Length; offset += 4093) writer.Write(data.AsSpan(offset, Math.Min(4093, data.Length - offset)));
        Assert.Equal(data.Length, writer.WrittenCount);
        Assert.True(writer.WrittenMemory.Span.SequenceEqual(data));
    }

    [Fact]
    public void Cleared_it_starts_again_at_the_beginning()
    {
        using var writer = new PooledBufferWriter(8);
        writer.Write("abcdef"u8);
        writer.Clear();
        writer.Write("xy"u8);
        Assert.Equal("xy"u8.ToArray(), writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Advancing_past_the_span_it_gave_is_refused()
    {
        using var writer = new PooledBufferWriter(8);
        var length = writer.GetSpan().Length;
        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
    }
}
