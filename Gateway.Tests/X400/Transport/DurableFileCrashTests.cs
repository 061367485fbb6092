using Gateway.Tests.Integration.Peers;
using Gateway.X400.Transport;

namespace Gateway.Tests.X400.Transport;

/// <summary>
/// What a crash right after the write leaves on the disk, on a file system without a journal (ext4 made with
/// -O ^has_journal, as this machine's root is): a small image is loop-mounted, the file is written, and the image as the
/// loop device has written it so far (everything made durable, nothing still in memory) is copied, checked with e2fsck
/// as a boot after a crash would, and read with debugfs. The file system's own rules decide, not a model of them.
/// </summary>
public sealed class DurableFileCrashTests : IAsyncLifetime
{
    private readonly string _root = TempDirectory.Create("durable-crash-");
    private string Image => Path.Combine(_root, "disk.img");
    private string Mount => Path.Combine(_root, "mnt");
    private bool _mounted;

    public async Task InitializeAsync()
    {
        await using (var image = new FileStream(Image, FileMode.CreateNew)) image.SetLength(64L * 1024 * 1024);
        await ProcessRunner.RunCheckedAsync("mkfs.ext4", ["-q", "-F", "-O", "^has_journal", Image]);
        Directory.CreateDirectory(Mount);
        await ProcessRunner.RunCheckedAsync("mount", ["-o", "loop", Image, Mount]);
        _mounted = true;
        Directory.CreateDirectory(Path.Combine(Mount, "out"));
        Directory.CreateDirectory(Path.Combine(Mount, "tmp"));
        // Files enough that the next inode lies in another block of the inode table than the directory's own: the
        // directory's fsync writes its inode's block, and with it any inode beside it, which would hide what is tested.
        for (var i = 0; i < 40; i++) await File.WriteAllTextAsync(Path.Combine(Mount, "out", $"earlier-{i}"), "earlier");
        await ProcessRunner.RunCheckedAsync("sync", []);
    }

    public async Task DisposeAsync()
    {
        if (_mounted && (await ProcessRunner.RunAsync("umount", [Mount])).ExitCode != 0) await ProcessRunner.RunAsync("umount", ["-l", Mount]);
        TempDirectory.Delete(_root);
    }

    [Fact]
    public async Task A_file_written_unnamed_and_linked_in_survives_a_crash_right_after_the_write()
    {
        var content = Enumerable.Range(0, 10_240).Select(i => (byte)(i * 7)).ToArray();

        await DurableFile.WriteAsync(Path.Combine(Mount, "out", "message.p1"), content, Path.Combine(Mount, "tmp"), CancellationToken.None);

        Assert.Equal(content, await AfterCrashAsync("/out/message.p1"));
    }

    [Fact]
    public async Task A_file_written_again_under_its_name_survives_a_crash_right_after_the_write_with_the_new_content()
    {
        var path = Path.Combine(Mount, "out", "retried.p1");
        await DurableFile.WriteAsync(path, "the first attempt"u8.ToArray(), Path.Combine(Mount, "tmp"), CancellationToken.None);
        await ProcessRunner.RunCheckedAsync("sync", []);
        var content = Enumerable.Range(0, 10_240).Select(i => (byte)(i * 13)).ToArray();

        await DurableFile.WriteAsync(path, content, Path.Combine(Mount, "tmp"), CancellationToken.None);

        Assert.Equal(content, await AfterCrashAsync("/out/retried.p1"));
    }

    /// <summary>The file at <paramref name="pathInImage"/> as a boot after a crash now would find it, after e2fsck's repairs.</summary>
    private async Task<byte[]> AfterCrashAsync(string pathInImage)
    {
        // The loop device writes into the image file's page cache, so a copy of the image now is the disk at this moment.
        var crashed = Path.Combine(_root, "crashed.img");
        File.Copy(Image, crashed, overwrite: true);
        var check = await ProcessRunner.RunAsync("e2fsck", ["-f", "-y", crashed]);
        Assert.True(check.ExitCode is 0 or 1, check.ToString()); // 1: errors corrected, as after any crash without a journal
        var read = await ProcessRunner.RunCheckedAsync("debugfs", ["-R", $"cat {pathInImage}", crashed]);
        Assert.True(read.StandardOutputBytes.Length > 0, $"the file is gone after the crash; e2fsck said:\n{check.StandardOutput}");
        return read.StandardOutputBytes;
    }
}
