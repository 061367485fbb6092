using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gateway.X400.Transport;

/// <summary>
/// Writing a file so that it survives a crash once the call returns: write it where no reader sees it, fsync the file,
/// give it its name, fsync the directory (the name lives in the directory). On Linux the file is written without a
/// name in the destination directory (O_TMPFILE) and named by <c>linkat</c> once complete; elsewhere, or where the file
/// system does not offer that, it is written under a scratch name on the same file system and renamed in. .NET has no
/// way to do either or to fsync a directory, hence the few libc calls.
/// </summary>
public static partial class DurableFile
{
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> content, string scratchDirectory, CancellationToken cancellationToken) =>
        WriteAsync(path, [content], scratchDirectory, cancellationToken);

    /// <summary>Writes the <paramref name="segments"/> one after the other as one file, durably.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<ReadOnlyMemory<byte>> segments, string scratchDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        await DiskThreads.RunAsync(() => Write(path, segments, scratchDirectory), cancellationToken);
        await SyncDirectoryAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, cancellationToken);
    }

    private static void Write(string path, IReadOnlyList<ReadOnlyMemory<byte>> segments, string scratchDirectory)
    {
        if (UnnamedFiles.TryWrite(path, segments, scratchDirectory)) return;
        var scratch = ScratchPath(path, scratchDirectory);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0, // written through its handle (RandomAccess), so a buffer would only be garbage
            };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new FileStream(scratch, options);
            WriteSegments(file.SafeFileHandle, segments);
        }
        catch
        {
            File.Delete(scratch);
            throw;
        }
        MoveOver(scratch, path);
    }

    /// <summary>A name in the scratch directory, unique, that says which file it is for.</summary>
    private static string ScratchPath(string path, string scratchDirectory) =>
        Path.Combine(scratchDirectory, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    /// <summary>Renames a complete scratch file to <paramref name="path"/>, replacing what is there in one step; on failure the scratch file goes.</summary>
    private static void MoveOver(string scratch, string path)
    {
        try
        {
            File.Move(scratch, path, overwrite: true);
        }
        catch
        {
            File.Delete(scratch);
            throw;
        }
    }

    /// <summary>Writes the segments and fsyncs the file.</summary>
    private static void WriteSegments(SafeFileHandle file, IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        var fileBacked = false;
        for (var i = 0; i < segments.Count && !fileBacked; i++) fileBacked = Gateway.Buffers.FileBackedMemory.TryGet(segments[i], out _, out _, out _);
        if (!fileBacked)
        {
            // One gathered write (pwritev) at a known offset: no seek, no copy, one system call for the envelope and content.
            RandomAccess.Write(file, segments, 0);
        }
        else
        {
            long offset = 0;
            foreach (var segment in segments)
            {
                // Content kept in a file is copied from the file, not through its mapping (which would make it resident).
                if (Gateway.Buffers.FileBackedMemory.TryGet(segment, out var source, out var start, out var length))
                {
                    source.Read(start, length, chunk =>
                    {
                        RandomAccess.Write(file, chunk, offset);
                        offset += chunk.Length;
                    });
                }
                else
                {
                    RandomAccess.Write(file, segment.Span, offset);
                    offset += segment.Length;
                }
            }
        }
        RandomAccess.FlushToDisk(file);
    }

    private static readonly ConcurrentDictionary<string, DirectorySync> Directories = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes every rename into <paramref name="directory"/> done before the call durable, sharing one fsync among
    /// concurrent callers (group commit): a sync that began after this caller's rename covers it, so under load one
    /// directory fsync serves many messages instead of one each.
    /// </summary>
    public static Task SyncDirectoryAsync(string directory, CancellationToken cancellationToken) =>
        Directories.GetOrAdd(directory, d => new DirectorySync(d)).SyncAsync(cancellationToken);

    private sealed class DirectorySync(string directory)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private long _renames;
        private long _synced;

        public async Task SyncAsync(CancellationToken cancellationToken)
        {
            var ticket = Interlocked.Increment(ref _renames);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (Volatile.Read(ref _synced) >= ticket) return;
                var covers = Volatile.Read(ref _renames);
                await DiskThreads.RunAsync(() => SyncDirectory(directory), CancellationToken.None);
                Volatile.Write(ref _synced, covers);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Moves a file into another directory of the same file system and makes the move durable.</summary>
    /// <exception cref="IOException">Without <paramref name="overwrite"/>: the destination exists (nothing moved).</exception>
    public static void Move(string source, string destination, bool overwrite = true)
    {
        File.Move(source, destination, overwrite);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(source))!);
    }

    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD()) return;
        var fd = Open(directory, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
