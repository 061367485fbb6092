using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Gateway.X400.Transport;

public static partial class DurableFile
{
    /// <summary>
    /// Linux: the file is created without a name in its destination directory (O_TMPFILE), written and fsynced, and then
    /// named there with <c>linkat</c>. A reader of the directory sees it whole or not at all, as with a rename, but no
    /// scratch entry is created and removed and no rename crosses directories (which the kernel serialises file-system
    /// wide): under 20 concurrent writers the create and the rename were a tenth of the gateway's CPU. Where the kernel,
    /// the file system or the architecture does not offer it, the caller writes under a scratch name as before.
    /// </summary>
    private static partial class UnnamedFiles
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkFollow = 0x400;
        private const int OWriteOnly = 0x1;
        private const int OCloseOnExec = 0x80000;
        private const int UserReadWrite = 0x180; // 0600
        private const int ENoEnt = 2;
        private const int EExist = 17;
        private const int EIsDir = 21;
        private const int EInval = 22;
        private const int EOpNotSupp = 95;

        // __O_TMPFILE | O_DIRECTORY, whose value differs between architectures; 0 where not known here.
        private static readonly int OTmpFile = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 or Architecture.X86 => 0x410000,
            Architecture.Arm64 or Architecture.Arm => 0x404000,
            _ => 0,
        };

        private static volatile bool s_unsupported = OTmpFile == 0;

        /// <summary>
        /// False when nothing was written because unnamed files are not available here, or the file could not be created
        /// (the caller's way then says why); true when <paramref name="path"/> has the content, durably but for the directory.
        /// </summary>
        public static bool TryWrite(string path, IReadOnlyList<ReadOnlyMemory<byte>> segments, string scratchDirectory)
        {
            if (s_unsupported) return false;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var fd = Open(directory, OTmpFile | OWriteOnly | OCloseOnExec, UserReadWrite);
            if (fd < 0)
            {
                if (Marshal.GetLastPInvokeError() is EIsDir or EOpNotSupp or EInval) s_unsupported = true;
                return false;
            }
            using var file = new SafeFileHandle(fd, ownsHandle: true);
            WriteSegments(file, segments);
            var self = $"/proc/self/fd/{fd}";
            if (Link(AtFdCwd, self, AtFdCwd, path, AtSymlinkFollow) == 0)
            {
                KeepLinkCount(file);
                return true;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == EExist)
            {
                // A retried message replaces its file: named in scratch, then renamed over the old one in one step.
                var scratch = ScratchPath(path, scratchDirectory);
                if (Link(AtFdCwd, self, AtFdCwd, scratch, AtSymlinkFollow) != 0)
                {
                    throw new IOException($"cannot name the file written for {path} in {scratchDirectory} (errno {Marshal.GetLastPInvokeError()})");
                }
                KeepLinkCount(file);
                MoveOver(scratch, path);
                return true;
            }
            if (errno == ENoEnt && Directory.Exists(directory))
            {
                s_unsupported = true; // no /proc to name the file through
                return false;
            }
            throw new IOException($"cannot name the file {path} (errno {errno})");
        }

        /// <summary>
        /// The link gave the file its first name and so raised its link count from 0 to 1, which is kept in the file's
        /// inode, not in the directory. The directory's fsync writes the directory; on a file system without a journal
        /// (ext4 made with -O ^has_journal, ext2) it does not write the file's inode, so after a crash the name would
        /// point at an inode recorded with no links, which e2fsck clears as deleted, and the message the 250 acknowledged
        /// would be gone. A second fsync of the file, after the link, writes the inode. On a journalled file system it
        /// commits the transaction that holds the new name too, so the directory's fsync that follows has little left to do.
        /// The first fsync, before the link, stays: a name must never point at content the disk does not have whole.
        /// </summary>
        private static void KeepLinkCount(SafeFileHandle file) => RandomAccess.FlushToDisk(file);

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Open(string path, int flags, int mode);

        [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Link(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);
    }
}
