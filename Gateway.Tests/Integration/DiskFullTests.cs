using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Integration;

/// <summary>
/// The data directory on a small tmpfs that fills up: the client is told 452 4.3.1 and keeps its message, no partial
/// file is left anywhere the X.400 side looks, and once there is room again the next attempt is relayed. Mounting
/// needs root, which the test command has (it installs packages with apt-get).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mount = TempDirectory.Create("disk-full-");
    private bool _mounted;

    public async Task InitializeAsync()
    {
        await ProcessRunner.RunCheckedAsync("mount", ["-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", _mount]);
        _mounted = true;
    }

    public async Task DisposeAsync()
    {
        if (_mounted) await ProcessRunner.RunAsync("umount", ["-l", _mount]);
        TempDirectory.Delete(_mount);
    }

    /// <summary>
    /// 900 KB goes to a spool file, which the full disk refuses; 30 KB is received in memory and it is the X.400 file
    /// that cannot be written.
    /// </summary>
    [Theory]
    [InlineData(900_000, 300_000)]
    [InlineData(30_000, 8_000)]
    public async Task A_full_disk_answers_452_leaves_no_partial_file_and_recovers_by_itself(int size, long leave)
    {
        var data = Path.Combine(_mount, "var");
        await using var gateway = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            NextHopPort = FreePort.Next(),
            Settings = new Dictionary<string, string> { ["Gateway:DataDirectory"] = data },
        });
        var message = X400TestContent.Wrapped("application/x400-content; content-type=22", X400TestContent.Ipm("big", new string('x', size)));
        var filler = Path.Combine(_mount, "filler");
        await FillAsync(filler, leave);

        var full = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], message);

        Assert.True(full.DataReplyCode == 452, full.Transcript + gateway.Output);
        Assert.Contains("452 4.3.1 ", full.Transcript, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "x400", "out")));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "x400", "tmp")));
        Assert.Empty(Directory.GetFiles(Path.Combine(data, "tmp")));

        File.Delete(filler);
        var again = await Swaks.SendAsync(gateway.SmtpPort, "alice@example.com", ["john.smith@x400.example"], message);

        Assert.True(again.DataReplyCode == 250, again.Transcript + gateway.Output);
        Assert.Single(Directory.GetFiles(Path.Combine(data, "x400", "out")));
    }

    /// <summary>Writes until only <paramref name="leave"/> octets are free.</summary>
    private static async Task FillAsync(string path, long leave)
    {
        var free = new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace;
        await File.WriteAllBytesAsync(path, new byte[Math.Max(0, free - leave)]);
    }
}
