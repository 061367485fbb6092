using Gateway.Buffers;
using Gateway.Tests.Integration.Peers;
using Gateway.X400.Transport;

namespace Gateway.Tests.X400.Transport;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _root = TempDirectory.Create("durable-");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Make(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    [Fact]
    public async Task Concurrent_writers_leave_only_whole_files_under_their_names_and_nothing_in_scratch()
    {
        var target = Make("out");
        var scratch = Make("tmp");
        var contents = Enumerable.Range(0, 64).Select(i => Enumerable.Range(0, 10_000 + i).Select(b => (byte)(b * i)).ToArray()).ToList();

        await Task.WhenAll(contents.Select((c, i) => Task.Run(() => DurableFile.WriteAsync(Path.Combine(target, $"m{i}.p1"), c, scratch, CancellationToken.None))));

        Assert.Equal(contents.Count, Directory.GetFiles(target).Length);
        for (var i = 0; i < contents.Count; i++) Assert.Equal(contents[i], await File.ReadAllBytesAsync(Path.Combine(target, $"m{i}.p1")));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
        if (OperatingSystem.IsLinux())
        {
            foreach (var f in Directory.GetFiles(target)) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        }
    }

    [Fact]
    public async Task Writing_a_name_again_replaces_the_file_whole()
    {
        var target = Make("out");
        var scratch = Make("tmp");
        var path = Path.Combine(target, "again.p1");
        await DurableFile.WriteAsync(path, "first, and longer"u8.ToArray(), scratch, CancellationToken.None);

        await DurableFile.WriteAsync(path, "second"u8.ToArray(), scratch, CancellationToken.None);

        Assert.Equal("second"u8.ToArray(), await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(target));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
    }

    [Fact]
    public async Task On_Linux_a_new_file_is_written_unnamed_in_its_directory_and_needs_no_scratch_entry()
    {
        if (!OperatingSystem.IsLinux()) return;
        var target = Make("out");
        var path = Path.Combine(target, "unnamed.p1");

        // The scratch directory does not exist: only a file that never had a name elsewhere can get there.
        await DurableFile.WriteAsync(path, "whole"u8.ToArray(), Path.Combine(_root, "no-scratch"), CancellationToken.None);

        Assert.Equal("whole"u8.ToArray(), await File.ReadAllBytesAsync(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(Directory.Exists(Path.Combine(_root, "no-scratch")));
    }

    [Fact]
    public async Task A_missing_directory_is_an_IO_error_and_writes_nothing()
    {
        var scratch = Make("tmp");
        await Assert.ThrowsAnyAsync<IOException>(() => DurableFile.WriteAsync(Path.Combine(_root, "absent", "m.p1"), "x"u8.ToArray(), scratch, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(scratch));
    }

    [Fact]
    public async Task The_envelope_and_the_content_are_written_one_after_the_other_as_one_file()
    {
        var target = Make("out");
        var head = Enumerable.Range(0, 300).Select(b => (byte)b).ToArray();
        var content = Enumerable.Range(0, 70_000).Select(b => (byte)(b * 7)).ToArray();
        var path = Path.Combine(target, "two.p1");
        byte[] expected = [.. head, .. content];

        await DurableFile.WriteAsync(path, [head, ReadOnlyMemory<byte>.Empty, content], Make("tmp"), CancellationToken.None);

        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task Content_kept_in_a_file_is_copied_in_whole_behind_the_envelope_and_before_what_follows()
    {
        var target = Make("out");
        var head = "head:"u8.ToArray();
        var tail = ":tail"u8.ToArray();
        // More than one chunk of FileBackedMemory.Read, and not a multiple of it, so that the offsets are carried across.
        var content = Enumerable.Range(0, 600_001).Select(b => (byte)(b % 251)).ToArray();
        var file = FileBackedMemory.CreateScratchFile(Make("content"));
        file.Write(content);
        using var mapped = FileBackedMemory.Map(file);
        var path = Path.Combine(target, "large.p1");
        byte[] expected = [.. head, .. content.AsSpan(1), .. tail];

        await DurableFile.WriteAsync(path, [head, mapped.Memory[1..], tail], Make("tmp"), CancellationToken.None);

        Assert.Equal(expected, await File.ReadAllBytesAsync(path));
    }
}
