using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace Gateway.Buffers;

/// <summary>
/// A read-only, seekable view of part of a file, read with positioned reads: what MIME encoding and DKIM read when the
/// content is in a file, so that it passes through the page cache rather than the gateway's memory. Short reads are
/// served from a read-ahead of <see cref="ReadAhead"/> octets: MimeKit reads 4 KiB at a time, and a positioned read per
/// call was 264 system calls for each 1 MB message parsed from the spool. (Not a BufferedStream around it: that allocates
/// its buffer anew for every stream, 64 KiB per large message; this one is the pool's.)
/// </summary>
internal sealed class FileRangeStream(SafeFileHandle file, long start, long length) : Stream
{
    // Below the large-object heap's threshold, so the pool's array is an ordinary one wherever it ends.
    internal const int ReadAhead = 64 * 1024;

    private long _position;
    private byte[]? _ahead;
    private long _aheadAt;
    private int _aheadLength;
    private bool _disposed;

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
        if (left <= 0 || buffer.IsEmpty) return 0;
        var wanted = (int)Math.Min(buffer.Length, left);
        if (_ahead is null || _position < _aheadAt || _position >= _aheadAt + _aheadLength)
        {
            if (wanted >= ReadAhead || _disposed) return ReadDirect(buffer[..wanted]);
            _ahead ??= ArrayPool<byte>.Shared.Rent(ReadAhead);
            _aheadAt = _position;
            _aheadLength = RandomAccess.Read(file, _ahead.AsSpan(0, (int)Math.Min(ReadAhead, left)), start + _position);
            if (_aheadLength == 0) return 0;
        }
        var from = (int)(_position - _aheadAt);
        var count = Math.Min(wanted, _aheadLength - from);
        _ahead.AsSpan(from, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    private int ReadDirect(Span<byte> buffer)
    {
        var read = RandomAccess.Read(file, buffer, start + _position);
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

    protected override void Dispose(bool disposing)
    {
        // Read on after this (a stream is not always disposed last), it reads straight from the file.
        _disposed = true;
        if (_ahead is { } ahead)
        {
            _ahead = null;
            ArrayPool<byte>.Shared.Return(ahead);
        }
        base.Dispose(disposing);
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
