namespace Gateway.X400.Transport;

/// <summary>
/// Threads of their own for the calls that wait on the disk: creating, writing, fsyncing and renaming a file. .NET has
/// no asynchronous fsync (Linux has one only through io_uring), so on the thread pool each of them held a worker for the
/// whole wait (0.3–1 ms, longer while the disk is busy); twenty sessions writing X.400 files kept the pool's few workers
/// (one per core) blocked, and the pool adds threads only slowly, so messages waited for a thread while the cores idled
/// (integration/bench, 20 sessions: 1,264–1,466 msgs/s with the work on the pool, 1,538–1,569 with the pool forced to
/// 32 workers).
/// Here the waits happen on threads that do nothing else, and the pool stays free for the work that needs a core.
/// </summary>
internal static class DiskThreads
{
    // Up to this many, started as the waits pile up: enough for the file system to batch the fsyncs of many concurrent
    // writers into one journal commit (the disk's durable-write ceiling is measured with 20 writers).
    private const int Count = 32;

    // An idle thread ends after this, as the thread pool's do: a gateway back at rest holds no threads for a past burst.
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    private static readonly Queue<Action> Work = new();
    private static readonly object Gate = new();
    private static int _threads;
    private static int _busy;

    /// <summary>Runs <paramref name="work"/> on a disk thread; the caller continues on the thread pool.</summary>
    public static Task RunAsync(Action work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
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

    private static void Enqueue(Action item)
    {
        var start = false;
        lock (Gate)
        {
            Work.Enqueue(item);
            // More waiting than threads free to take them: one more thread, while there may be.
            if (_threads - _busy < Work.Count && _threads < Count)
            {
                _threads++;
                start = true;
            }
            else
            {
                Monitor.Pulse(Gate);
            }
        }
        if (start) new Thread(Serve, maxStackSize: 256 * 1024) { IsBackground = true, Name = "disk" }.Start();
    }

    private static void Serve()
    {
        while (true)
        {
            Action item;
            lock (Gate)
            {
                while (Work.Count == 0)
                {
                    if (!Monitor.Wait(Gate, IdleTimeout) && Work.Count == 0)
                    {
                        _threads--;
                        return;
                    }
                }
                item = Work.Dequeue();
                _busy++;
            }
            try
            {
                item();
            }
            finally
            {
                lock (Gate) _busy--;
            }
        }
    }
}
