using System.Collections.Concurrent;

namespace Gateway.X400.Transport;

/// <summary>
/// Threads of their own for the calls that wait on the disk: creating, writing, fsyncing and renaming a file. Linux has
/// no asynchronous fsync, so on the thread pool each of them held a worker for the whole wait (0.3–1 ms, longer while
/// the disk is busy); twenty sessions writing X.400 files kept the pool's few workers (one per core) blocked, and the
/// pool adds threads only slowly, so messages waited for a thread while the cores idled (integration/bench, 20
/// sessions: 1,264–1,466 msgs/s with the work on the pool, 1,538–1,569 with the pool forced to 32 workers).
/// Here the waits happen on threads that do nothing else, and the pool stays free for the work that needs a core.
/// </summary>
internal static class DiskThreads
{
    // Enough for the file system to batch the fsyncs of many concurrent writers into one journal commit (the disk's
    // durable-write ceiling is measured with 20 writers); an idle thread costs a stack and nothing else.
    private const int Count = 32;

    private static readonly BlockingCollection<Action> Work = Start();

    /// <summary>Runs <paramref name="work"/> on a disk thread; the caller continues on the thread pool.</summary>
    public static Task RunAsync(Action work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private static BlockingCollection<Action> Start()
    {
        var work = new BlockingCollection<Action>(new ConcurrentQueue<Action>());
        for (var i = 0; i < Count; i++)
        {
            new Thread(() =>
            {
                foreach (var item in work.GetConsumingEnumerable()) item();
            }, maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = "disk",
            }.Start();
        }
        return work;
    }
}
