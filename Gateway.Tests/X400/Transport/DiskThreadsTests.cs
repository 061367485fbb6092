using Gateway.X400.Transport;

namespace Gateway.Tests.X400.Transport;

public sealed class DiskThreadsTests
{
    [Fact]
    public async Task The_work_runs_on_a_disk_thread_and_the_caller_goes_on_elsewhere()
    {
        // On the thread pool, without the test framework's synchronization context: as in the gateway, which has none.
        var (ranOn, continuedOn) = await Task.Run(async () =>
        {
            string? ranOn = null;
            await DiskThreads.RunAsync(() => ranOn = Thread.CurrentThread.Name, CancellationToken.None);
            return (ranOn, Thread.CurrentThread.Name);
        });
        Assert.Equal("disk", ranOn);
        // The continuation must not take a disk thread: a caller that went on there would do its CPU work (and its
        // next disk call's wait) on a thread meant only for waiting.
        Assert.NotEqual("disk", continuedOn);
    }

    [Fact]
    public async Task A_failure_reaches_the_caller_as_it_was_thrown()
    {
        var failure = await Assert.ThrowsAsync<IOException>(() => DiskThreads.RunAsync(() => throw new IOException("no space left"), CancellationToken.None));
        Assert.Equal("no space left", failure.Message);
    }

    [Fact]
    public async Task Waits_on_the_disk_run_side_by_side()
    {
        // 16 calls that each block until all 16 have started: they finish only if they run at once.
        using var allStarted = new CountdownEvent(16);
        var calls = Enumerable.Range(0, 16).Select(_ => DiskThreads.RunAsync(() =>
        {
            allStarted.Signal();
            if (!allStarted.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the disk calls ran one after another");
        }, CancellationToken.None));
        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task A_cancelled_caller_queues_nothing()
    {
        var ran = false;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DiskThreads.RunAsync(() => ran = true, cancelled.Token));
        Assert.False(ran);
    }
}
