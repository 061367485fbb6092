using System.IO.Pipelines;
using System.Text;
using Gateway.Smtp.Server.Tls;

namespace Gateway.Tests.Smtp.Tls;

public sealed class DuplexPipeStreamTests
{
    [Fact]
    public async Task Reads_what_the_pipe_holds_in_pieces_and_zero_at_the_end()
    {
        var input = new Pipe();
        var output = new Pipe();
        await using var stream = new DuplexPipeStream(input.Reader, output.Writer);
        await input.Writer.WriteAsync("hello, world"u8.ToArray());
        await input.Writer.CompleteAsync();

        var buffer = new byte[5];
        Assert.Equal(5, await stream.ReadAsync(buffer));
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer));
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);
        Assert.Equal(", world", Encoding.ASCII.GetString(rest.ToArray()));
        Assert.Equal(0, await stream.ReadAsync(buffer));
    }

    [Fact]
    public async Task A_zero_byte_read_waits_for_data_without_consuming_it()
    {
        var input = new Pipe();
        await using var stream = new DuplexPipeStream(input.Reader, new Pipe().Writer);
        var waiting = stream.ReadAsync(Memory<byte>.Empty).AsTask();
        Assert.False(waiting.IsCompleted);
        await input.Writer.WriteAsync("x"u8.ToArray());

        Assert.Equal(0, await waiting);
        var buffer = new byte[4];
        Assert.Equal(1, await stream.ReadAsync(buffer));
        Assert.Equal((byte)'x', buffer[0]);
    }

    [Fact]
    public async Task Writes_are_flushed_to_the_reader_synchronous_and_asynchronous_alike()
    {
        var output = new Pipe();
        await using var stream = new DuplexPipeStream(new Pipe().Reader, output.Writer);
        await stream.WriteAsync("250 "u8.ToArray());
        stream.Write("OK\r\n"u8);

        var result = await output.Reader.ReadAsync();
        Assert.Equal("250 OK\r\n", Encoding.ASCII.GetString(result.Buffer));
    }

    [Fact]
    public async Task Disposing_leaves_both_pipes_usable_for_their_owner()
    {
        var input = new Pipe();
        var output = new Pipe();
        var stream = new DuplexPipeStream(input.Reader, output.Writer);
        await stream.DisposeAsync();

        // Neither end was completed: the owner (Kestrel) still writes and reads them.
        await output.Writer.WriteAsync("221 bye\r\n"u8.ToArray());
        Assert.True(output.Reader.TryRead(out var written));
        Assert.Equal("221 bye\r\n", Encoding.ASCII.GetString(written.Buffer));
        Assert.False(written.IsCompleted);
        await input.Writer.WriteAsync("QUIT\r\n"u8.ToArray());
        Assert.True(input.Reader.TryRead(out var read));
        Assert.False(read.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await stream.ReadExactlyAsync(new byte[1]));
    }

    [Fact]
    public void Does_not_seek()
    {
        using var stream = new DuplexPipeStream(new Pipe().Reader, new Pipe().Writer);
        Assert.False(stream.CanSeek);
        Assert.True(stream.CanRead);
        Assert.True(stream.CanWrite);
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }
}
