using System.Buffers;
using System.Security.Cryptography;
using Gateway.Buffers;

namespace Gateway.Smtp.Server;

/// <summary>
/// Where one message is received. Up to <c>memoryLimit</c> octets it stays in an array from the shared pool; the first
/// write beyond that moves it into a spool file (see <see cref="SpoolFiles"/>) and the rest follows it there, so a large
/// message never sits whole in memory while most messages never touch the disk before their hand-off: written to the file
/// and read back, a 10 KB message cost four writes, four reads, three seeks and a truncate in system calls alone.
/// A write that fails (a full disk) is remembered and every later write is dropped, so the reader still consumes the
/// message to its end and the session answers in step with a 4xx instead of losing the connection; the client keeps the
/// message and tries again.
/// </summary>
internal sealed class SpoolStream(SpoolFiles files, int memoryLimit, MessageContentCheck check) : Stream
{
    private const int FirstArray = 16 * 1024;

    // Hashed and checked on the way in, while the octets are at hand: reading the spool again for either was a second
    // and third pass over every message.
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _memory;
    private int _inMemory;
    private FileStream? _file;
    private bool _released;

    /// <summary>The content checks' verdict on what was written (see <see cref="MessageContentCheck"/>).</summary>
    public MessageContentCheck Check => check;

    /// <summary>The SHA-256 of every octet written.</summary>
    public byte[] ContentSha256() => _sha256.GetCurrentHash();

    /// <summary>Why the message could not be spooled; null while every write succeeded.</summary>
    public string? Failure { get; private set; }

    /// <summary>Whether the message went on to a spool file (it outgrew the memory limit).</summary>
    public bool InFile => _file is not null;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (Failure is not null || buffer.IsEmpty) return;
        check.Append(buffer);
        _sha256.AppendData(buffer);
        if (_file is null && buffer.Length <= memoryLimit - _inMemory)
        {
            Grow(_inMemory + buffer.Length);
            buffer.CopyTo(_memory.AsSpan(_inMemory));
            _inMemory += buffer.Length;
            return;
        }
        try
        {
            if (_file is null)
            {
                _file = files.Rent();
                _file.Write(_memory.AsSpan(0, _inMemory));
                GiveBackMemory();
            }
            // Into the page cache, synchronously: the spool is never fsynced (it is not where a message is kept), and an
            // asynchronous write to a file is a trip to another thread of the pool for a copy of a few microseconds.
            _file.Write(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failure = e.Message;
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>
    /// The message as received, readable and seekable, good until this spool is disposed. From a file it is read with
    /// positioned reads that complete at once (the spool is in the page cache): read through the FileStream, each of
    /// MimeKit's reads was a trip to another thread of the pool.
    /// </summary>
    public Stream OpenContent()
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (Failure is not null) throw new InvalidOperationException("the message was not spooled: " + Failure);
        if (_file is null) return new MemoryStream(_memory ?? [], 0, _inMemory, writable: false);
        _file.Flush();
        return new FileRangeStream(_file.SafeFileHandle, 0, _file.Length);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Grow(int needed)
    {
        if (_memory is not null && needed <= _memory.Length) return;
        var size = _memory is null ? Math.Min(FirstArray, memoryLimit) : _memory.Length;
        while (size < needed) size = (int)Math.Min((long)size * 2, memoryLimit);
        var larger = ArrayPool<byte>.Shared.Rent(size);
        if (_memory is not null)
        {
            _memory.AsSpan(0, _inMemory).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_memory);
        }
        _memory = larger;
    }

    private void GiveBackMemory()
    {
        if (_memory is null) return;
        ArrayPool<byte>.Shared.Return(_memory);
        _memory = null;
        _inMemory = 0;
    }

    /// <summary>
    /// The memory goes back to the pool and the file back to <see cref="SpoolFiles"/>, emptied, unless a write to it
    /// failed: then it is closed, with its blocks.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_released)
        {
            _released = true;
            _sha256.Dispose();
            GiveBackMemory();
            if (_file is not null)
            {
                if (Failure is not null) SpoolFiles.Discard(_file);
                else files.Return(_file);
                _file = null;
            }
        }
        base.Dispose(disposing);
    }
}
