namespace Gateway.Tests.Integration.Peers;

/// <summary>Waiting for what a real peer does in its own time: probe until done, with a bound, never a fixed sleep.</summary>
internal static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> holds for its result and returns that result;
    /// after <paramref name="timeout"/> throws a <see cref="TimeoutException"/> with <paramref name="describe"/>'s words
    /// about the last result. A probe that costs much (reading thousands of files) may ask to be called less often.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe,
        CancellationToken cancellationToken = default, TimeSpan? interval = null)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            var result = probe();
            if (done(result))
            {
                return result;
            }

            try
            {
                await Task.Delay(interval ?? Interval, timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(describe(result));
            }
        }
    }
}
