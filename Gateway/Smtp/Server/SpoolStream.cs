using System.Security.Cryptography;

namespace Gateway.Smtp.Server;

/// <summary>
/// The spool file as the readers write it: a write that fails (a full disk) is remembered and every later write is
/// dropped, so the reader still consumes the message to its end and the session answers in step with a 4xx instead
/// of losing the connection; the client keeps the message and tries again.
/// </summary>
internal sealed class SpoolStream(Stream inner, MessageContentCheck check) : Stream
{
    // Hashed and checked on the way in, while the octets are at hand: reading the spool again for either was a second
    // and third pass over every message.
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The content checks' verdict on what was written (see <see cref="MessageContentCheck"/>).</summary>
    public MessageContentCheck Check => check;

    /// <summary>The SHA-256 of every octet written.</summary>
    public byte[] ContentSha256() => _sha256.GetCurrentHash();

    /// <summary>Why the message could not be spooled; null while every write succeeded.</summary>
    public string? Failure { get; private set; }

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
        if (Failure is not null) return;
        check.Append(buffer);
        _sha256.AppendData(buffer);
        try
        {
            // Into the page cache, synchronously: the spool is never fsynced (it is not where a message is kept), and an
            // asynchronous write to a file is a trip to another thread of the pool for a copy of a few microseconds.
            inner.Write(buffer);
        }
        catch (IOException e)
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

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _sha256.Dispose();
        base.Dispose(disposing);
    }
}
