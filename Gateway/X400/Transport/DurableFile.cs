using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gateway.X400.Transport;

/// <summary>
/// Writing a file so that it survives a crash once the call returns, and appears under its name only whole: on Linux
/// written without a name in its directory, fsynced, then linked in; elsewhere (or where the file system cannot) written
/// under a scratch name on the same file system, fsynced and renamed in. Either way the directory is fsynced after (the
/// name lives in the directory). .NET has no way to fsync a directory or make a file without a name, hence the libc calls.
/// </summary>
public static partial class DurableFile
{
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> content, string scratchDirectory, CancellationToken cancellationToken) =>
        WriteAsync(path, [content], scratchDirectory, cancellationToken);

    /// <summary>Writes the <paramref name="segments"/> one after the other as one file, durably.</summary>
    public static async Task WriteAsync(string path, IReadOnlyList<ReadOnlyMemory<byte>> segments, string scratchDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (OperatingSystem.IsLinux() && !_unnamedUnsupported && WriteUnnamed(path, segments, scratchDirectory))
        {
            await SyncDirectoryAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, cancellationToken);
            return;
        }
        var scratch = ScratchPath(path, scratchDirectory);
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 0, // each segment in one write: a buffer would only be a copy (and 64 KiB of garbage per message)
            };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var file = new FileStream(scratch, options))
            {
                Write(file, segments);
                file.Flush(flushToDisk: true);
            }
            File.Move(scratch, path, overwrite: true);
        }
        catch
        {
            File.Delete(scratch);
            throw;
        }
        await SyncDirectoryAsync(Path.GetDirectoryName(Path.GetFullPath(path))!, cancellationToken);
    }

    private static volatile bool _unnamedUnsupported;

    /// <summary>False once this system was found unable to write files without a name (the portable way is used then).</summary>
    internal static bool WritesUnnamed => OperatingSystem.IsLinux() && !_unnamedUnsupported;

    /// <summary>
    /// Linux: the file is made without a name in its own directory (O_TMPFILE), written, fsynced, and only then given its
    /// name (linkat). Creating a named scratch file holds the scratch directory's lock while ext4 allocates the inode, and
    /// renaming it across directories takes the file system's rename lock: under load, concurrent messages spun on those
    /// locks. False when this file system or kernel cannot (then never tried again; the caller writes the portable way).
    /// </summary>
    private static bool WriteUnnamed(string path, IReadOnlyList<ReadOnlyMemory<byte>> segments, string scratchDirectory)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var fd = Open(directory, OTmpFile | OWriteOnly | OCloseOnExec, 0b110_000_000 /* 0600 */);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EOpNotSupp or EIsDir or EInval)
            {
                _unnamedUnsupported = true;
                return false;
            }
            throw new IOException($"cannot create a file in {directory} (errno {errno})", errno);
        }
        using var file = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);
        Write(file, segments);
        file.Flush(flushToDisk: true);
        // Named through /proc: linking the descriptor itself (AT_EMPTY_PATH) would need CAP_DAC_READ_SEARCH.
        var self = string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}");
        if (LinkAt(AtFdCwd, self, AtFdCwd, path, AtSymlinkFollow) == 0) return true;
        var linkErrno = Marshal.GetLastPInvokeError();
        if (linkErrno == EExist)
        {
            // A retried transaction writes the same name again: link under a scratch name and rename over the old file.
            var scratch = ScratchPath(path, scratchDirectory);
            if (LinkAt(AtFdCwd, self, AtFdCwd, scratch, AtSymlinkFollow) != 0)
            {
                throw new IOException($"cannot link {scratch} (errno {Marshal.GetLastPInvokeError()})", Marshal.GetLastPInvokeError());
            }
            File.Move(scratch, path, overwrite: true);
            return true;
        }
        if (linkErrno is ENoEnt or EPerm or EAccess or EXDev)
        {
            // No /proc (or one this process may not look into), or a file system that will not link it: the portable way
            // from now on.
            _unnamedUnsupported = true;
            return false;
        }
        throw new IOException($"cannot link {path} (errno {linkErrno})", linkErrno);
    }

    private static string ScratchPath(string path, string scratchDirectory) =>
        Path.Combine(scratchDirectory, $"{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static void Write(FileStream file, IReadOnlyList<ReadOnlyMemory<byte>> segments)
    {
        foreach (var segment in segments)
        {
            // Content kept in a file is copied from the file, not through its mapping (which would make it resident).
            if (Gateway.Buffers.FileBackedMemory.TryGet(segment, out var source, out var start, out var length)) source.Read(start, length, file.Write);
            else file.Write(segment.Span);
        }
    }

    private const int OWriteOnly = 0x1;
    private const int OCloseOnExec = 0x80000;
    private const int OTmpFile = 0x410000; // __O_TMPFILE | O_DIRECTORY, the same on x86-64 and arm64
    private const int AtFdCwd = -100;
    private const int AtSymlinkFollow = 0x400;
    private const int EPerm = 1;
    private const int ENoEnt = 2;
    private const int EAccess = 13;
    private const int EExist = 17;
    private const int EXDev = 18;
    private const int EIsDir = 21;
    private const int EInval = 22;
    private const int EOpNotSupp = 95;

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
                SyncDirectory(directory);
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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkAt(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
