using Gateway.Tests.Integration.Peers;
using Gateway.X400.Transport;

namespace Gateway.Tests.X400.Transport;

public sealed class FileDropTransportTests : IDisposable
{
    private readonly string _root = TempDirectory.Create("filedrop-");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<List<X400InboundItem>> Drain(FileDropTransport transport)
    {
        var items = new List<X400InboundItem>();
        await foreach (var item in transport.PendingAsync(null, CancellationToken.None)) items.Add(item);
        return items;
    }

    [Fact]
    public async Task Two_instances_sharing_the_directories_never_take_the_same_file()
    {
        var a = new FileDropTransport(_root, instance: "host-a");
        var b = new FileDropTransport(_root, instance: "host-b");
        for (var i = 0; i < 50; i++) await File.WriteAllBytesAsync(Path.Combine(a.InDirectory, $"m{i}.p1"), [(byte)i]);

        var fromA = Drain(a);
        var fromB = Drain(b);
        var names = (await fromA).Concat(await fromB).Select(x => x.Name).ToList();

        Assert.Equal(50, names.Count);
        Assert.Equal(50, names.Distinct().Count());
        Assert.Empty(Directory.GetFiles(a.InDirectory));
    }

    [Fact]
    public async Task Release_gives_a_file_back_and_complete_removes_it()
    {
        var transport = new FileDropTransport(_root, instance: "one");
        await File.WriteAllBytesAsync(Path.Combine(transport.InDirectory, "x.p1"), [1, 2, 3]);

        var item = Assert.Single(await Drain(transport));
        Assert.Equal([1, 2, 3], item.Apdu.ToArray());
        Assert.True(File.Exists(Path.Combine(transport.WorkDirectory, "x.p1")));
        await transport.ReleaseAsync(item, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(transport.InDirectory, "x.p1")));

        item = Assert.Single(await Drain(transport));
        await transport.CompleteAsync(item, CancellationToken.None);
        Assert.Empty(Directory.GetFiles(transport.InDirectory));
        Assert.Empty(Directory.GetFiles(transport.WorkDirectory));
    }

    [Fact]
    public async Task Claims_of_a_dead_instance_on_this_host_return_to_in_at_start()
    {
        var dead = Path.Combine(_root, "work", $"{Environment.MachineName}-{int.MaxValue}");
        Directory.CreateDirectory(dead);
        await File.WriteAllBytesAsync(Path.Combine(dead, "orphan.p1"), [9]);
        var otherHost = Path.Combine(_root, "work", "elsewhere-1");
        Directory.CreateDirectory(otherHost);
        await File.WriteAllBytesAsync(Path.Combine(otherHost, "theirs.p1"), [8]);

        var transport = new FileDropTransport(_root, instance: "new");

        Assert.True(File.Exists(Path.Combine(transport.InDirectory, "orphan.p1")));
        Assert.False(Directory.Exists(dead));
        Assert.True(File.Exists(Path.Combine(otherHost, "theirs.p1")));
    }

    [Fact]
    public async Task Claims_of_an_instance_that_dies_while_another_runs_return_at_the_next_scan()
    {
        var survivor = new FileDropTransport(_root, instance: "survivor");
        var dead = Path.Combine(_root, "work", $"{Environment.MachineName}-{int.MaxValue}");
        Directory.CreateDirectory(dead);
        await File.WriteAllBytesAsync(Path.Combine(dead, "orphan.p1"), [7]);
        var alive = Path.Combine(_root, "work", $"{Environment.MachineName}-{Environment.ProcessId}");
        Directory.CreateDirectory(alive);
        await File.WriteAllBytesAsync(Path.Combine(alive, "held.p1"), [6]);

        var item = Assert.Single(await Drain(survivor));

        Assert.Equal("orphan.p1", item.Name);
        Assert.Equal([7], item.Apdu.ToArray());
        Assert.True(File.Exists(Path.Combine(survivor.WorkDirectory, "orphan.p1")));
        Assert.False(Directory.Exists(dead));
        Assert.True(File.Exists(Path.Combine(alive, "held.p1"))); // a live instance's claim stays its own
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Files_and_directories_are_private()
    {
        var transport = new FileDropTransport(_root, instance: "modes");
        var p1 = Gateway.Tests.X400.P1Samples.Message();
        await transport.SubmitAsync(p1, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(transport.OutDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(transport.OutDirectory));
    }

    [Fact]
    public async Task A_report_is_submitted_under_its_report_identifier_and_replaced_by_a_repeat()
    {
        var transport = new FileDropTransport(_root, instance: "reports");
        var report = Gateway.Tests.X400.P1Samples.Report();

        await transport.SubmitAsync(report, CancellationToken.None);
        await transport.SubmitAsync(report, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(transport.OutDirectory));
        Assert.Equal(report, global::Gateway.X400.MtsApduCodec.DecodeApdu(await File.ReadAllBytesAsync(file)));
        Assert.Equal(FileDropTransport.FileNameFor(report.Envelope.ReportIdentifier), Path.GetFileName(file));
    }
}
