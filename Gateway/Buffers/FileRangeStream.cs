using Microsoft.Win32.SafeHandles;

namespace Gateway.Buffers;

/// <summary>
/// A read-only, seekable view of part of a file, read with positioned reads: what MIME encoding and DKIM read when the
/// content is in a file, so that it passes through the page cache rather than the gateway's memory.
/// </summary>
internal sealed class FileRangeStream(SafeFileHandle file, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(Span<byte> buffer)
    {
        var left = length - _position;
        if (left <= 0) return 0;
        var read = RandomAccess.Read(file, buffer[..(int)Math.Min(buffer.Length, left)], start + _position);
        _position += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    // MimeKit reads through this overload, and a Task per call was a few per cent of what a message allocated: the
    // previous task is handed out again when the count is the same (a full buffer, mostly), as BufferedStream does.
    private Task<int>? _lastRead;

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = Read(buffer.AsSpan(offset, count));
        if (_lastRead is { } last && last.Result == read) return last;
        return _lastRead = Task.FromResult(read);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
