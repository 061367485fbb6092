using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Bench;

/// <summary>
/// When files were last deleted in bulk, so that no measurement pays for it. On ext4 without a journal (this machine's
/// root file system) the inode allocator does not reuse an inode freed in the last 60 s (<c>RECENTCY_MIN</c> in
/// fs/ext4/ialloc.c since Linux 5.7, 5 s before; 5 min more while its inode-table block is unwritten): every file create
/// steps over each such inode in the group, reading its inode-table block. Deleting a few thousand files made the next
/// minute's creates cost a third of the gateway's CPU (10 KB signed-x400, 20 sessions: 0.62 ms per message against
/// 0.41-0.44 once the minute had passed), and the disk's durable-write ceiling, measured just after the bench had deleted
/// files, read 9,200-9,500 files/s against 12,000-19,000 without (5,800-7,500 in runs started a few minutes after the one
/// before: the window is minutes for freed inodes whose inode-table block a new create has made dirty again). The bench
/// therefore deletes nothing in bulk until it ends (the large-message case's two files are two inodes), and waits out the
/// deletions it cannot avoid: the run before it (which deleted its files as it ended) and the gateway's own of the .p1
/// files it delivered.
/// Postfix deletes its queue files as it goes and pays that inside its rounds, as it would on such a file system in
/// production; integration/bench/run.sh makes the run's directories under one marked chattr +T, so that Postfix's and the
/// gateway's land in allocation groups of their own and the gateway's creates do not step over Postfix's freed inodes.
/// On a journalling file system none of this applies.
/// </summary>
internal sealed class RecentDeletions
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(61);

    // The run before this one deleted its files as it ended.
    private DateTime _last = DateTime.UtcNow;

    /// <summary>Files were deleted in bulk just now.</summary>
    public void Happened() => _last = DateTime.UtcNow;

    /// <summary>Writes back what is dirty (a dirty inode-table block extends the window to minutes) and waits out the rest of the minute.</summary>
    public async Task WaitOutAsync()
    {
        await ProcessRunner.RunCheckedAsync("sync", []);
        var left = _last + Window - DateTime.UtcNow;
        if (left > TimeSpan.Zero) await Task.Delay(left);
    }
}
