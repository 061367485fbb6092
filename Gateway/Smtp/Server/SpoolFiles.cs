using System.Collections.Concurrent;
using Gateway.Buffers;

namespace Gateway.Smtp.Server;

/// <summary>
/// The spool files messages are received into, kept open and emptied for the next message rather than created and
/// deleted for each: under load, ext4's inode allocator (scanning past recently deleted inodes) took a sixth of the
/// gateway's CPU when every message had a file of its own. On Unix a spool file's name is removed as soon as it is
/// open, so that none can outlive the process, however it ends; elsewhere it is deleted on close. At most <c>keep</c>
/// idle ones are kept.
/// </summary>
public sealed class SpoolFiles(string directory, int keep) : IDisposable
{
    private readonly ConcurrentBag<FileStream> _idle = [];
    private int _idleCount;
    private bool _disposed;

    /// <summary>An empty spool file, this caller's until <see cref="Return"/> or <see cref="Discard"/>.</summary>
    public FileStream Rent()
    {
        if (_idle.TryTake(out var file))
        {
            Interlocked.Decrement(ref _idleCount);
            return file;
        }
        return FileBackedMemory.CreateScratchFile(directory, 16 * 1024);
    }

    /// <summary>Gives a file back, emptied at once so that no message lingers on disk after its transaction.</summary>
    public void Return(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            file.SetLength(0);
        }
        catch (IOException)
        {
            file.Dispose();
            return;
        }
        if (_disposed || Interlocked.Increment(ref _idleCount) > keep)
        {
            if (!_disposed) Interlocked.Decrement(ref _idleCount);
            file.Dispose();
            return;
        }
        _idle.Add(file);
    }

    /// <summary>Closes (and so deletes) a file that must not be used again, such as one whose write failed on a full disk.</summary>
    public static void Discard(FileStream file) => file?.Dispose();

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var file)) file.Dispose();
    }
}
