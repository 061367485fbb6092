using Gateway.Smtp.Server;
using Gateway.Tests.Integration.Peers;

namespace Gateway.Tests.Smtp;

public sealed class SpoolFilesTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("spools-");

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public void A_returned_spool_comes_back_empty_and_no_more_are_kept_than_asked()
    {
        using var spools = new SpoolFiles(_directory, keep: 1);
        var first = spools.Rent();
        var second = spools.Rent();
        first.Write("the previous message"u8);

        spools.Return(first);
        spools.Return(second); // one too many: closed

        Assert.Throws<ObjectDisposedException>(() => second.Length);
        var again = spools.Rent();
        Assert.Same(first, again);
        Assert.Equal(0, again.Length); // nothing of the earlier message lingers
        Assert.Empty(Directory.GetFiles(_directory)); // nameless on Unix
    }

    [Fact]
    public void A_discarded_spool_is_closed_and_not_rented_again()
    {
        using var spools = new SpoolFiles(_directory, keep: 4);
        var failed = spools.Rent();

        SpoolFiles.Discard(failed);

        Assert.Throws<ObjectDisposedException>(() => failed.Length);
        Assert.NotSame(failed, spools.Rent());
    }
}
