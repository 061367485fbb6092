using System.Buffers;

namespace Gateway.Buffers;

/// <summary>
/// A stream that writes into an array rented from the shared pool, of a capacity fixed up front: a message's decoded body
/// (which can never be longer than its encoding) without a new large-object-heap array for every message. The array goes
/// back to the pool when this is disposed, so nothing may use <see cref="Written"/> after that.
/// </summary>
public sealed class PooledBuffer : Stream
{
    private byte[]? _array;
    private int _length;

    public PooledBuffer(int capacity) => _array = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));

    /// <summary>What has been written so far.</summary>
    public ReadOnlyMemory<byte> Written => (_array ?? throw new ObjectDisposedException(nameof(PooledBuffer))).AsMemory(0, _length);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var array = _array ?? throw new ObjectDisposedException(nameof(PooledBuffer));
        if (buffer.Length > array.Length - _length) throw new IOException($"more than the {array.Length} octets the buffer was sized for");
        buffer.CopyTo(array.AsSpan(_length));
        _length += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_array is { } array)
        {
            _array = null;
            ArrayPool<byte>.Shared.Return(array);
        }
        base.Dispose(disposing);
    }
}
