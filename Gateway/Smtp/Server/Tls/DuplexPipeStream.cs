using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Smtp.Server.Tls;

/// <summary>
/// A <see cref="Stream"/> over a connection's pipes, so that an <see cref="System.Net.Security.SslStream"/> can take
/// over a Kestrel connection in the middle of the SMTP dialogue (STARTTLS). .NET has no public one.
/// Disposing it leaves the pipes alone: Kestrel owns them and completes them when the connection ends.
/// </summary>
public sealed class DuplexPipeStream(PipeReader input, PipeWriter output) : Stream
{
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanWrite => !_disposed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    // SslStream is used asynchronously; the synchronous members exist because Stream demands them.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var available = result.Buffer;
            if (!available.IsEmpty || result.IsCompleted)
            {
                // A zero-byte read (SslStream issues them to wait for data without holding a buffer) consumes
                // nothing and returns 0 once data is there, or at the end.
                var count = (int)Math.Min(available.Length, buffer.Length);
                var end = available.GetPosition(count);
                available.Slice(0, end).CopyTo(buffer.Span);
                input.AdvanceTo(end);
                return count;
            }

            input.AdvanceTo(available.End);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("The pending read on the connection was cancelled.");
            }
        }
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        output.Write(buffer);
        Flush();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfCancelled(await output.WriteAsync(buffer, cancellationToken));
    }

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(WriteAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override void EndWrite(IAsyncResult asyncResult) => TaskToAsyncResult.End(asyncResult);

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfCancelled(await output.FlushAsync(cancellationToken));
    }

    protected override void Dispose(bool disposing)
    {
        // Deliberately not completing the pipes: after a failed handshake the connection is still Kestrel's.
        _disposed = true;
        base.Dispose(disposing);
    }

    private static void ThrowIfCancelled(FlushResult result)
    {
        // A completed reader (peer gone) is not reported here: the next read returns 0 and says it better.
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The pending flush on the connection was cancelled.");
        }
    }
}
