using System.Globalization;

namespace Gateway.Tests.Integration.Peers;

/// <summary>
/// The messages an smtp-sink started with <c>-c</c> has received, read from the counters it prints as each "." arrives
/// ("sess=N quit=N mesg=N"), and when a given number was reached.
/// </summary>
public sealed class SinkCounter
{
    private readonly Lock _lock = new();
    private readonly List<(long Count, TaskCompletionSource<DateTime> Reached)> _waiters = [];
    private long _received;
    private long _before;

    /// <summary>Messages received since the sink started.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Takes one line of the sink's standard output; anything but a counter line is not this counter's.</summary>
    public bool Take(string? line)
    {
        const string Mark = "mesg=";
        var at = line?.LastIndexOf(Mark, StringComparison.Ordinal) ?? -1;
        if (at < 0 || !long.TryParse(line.AsSpan(at + Mark.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)) return false;
        var now = DateTime.UtcNow;
        lock (_lock)
        {
            _received = Math.Max(_received, _before + count);
            _waiters.RemoveAll(w => w.Count <= _received && w.Reached.TrySetResult(now));
        }
        return true;
    }

    /// <summary>A new smtp-sink process counts from zero again; what the earlier one counted stays in <see cref="Received"/>.</summary>
    public void Restarted()
    {
        lock (_lock) _before = _received;
    }

    /// <summary>When the sink had received <paramref name="count"/> messages in all (at once if it has already).</summary>
    public async Task<DateTime> WaitForAsync(long count, TimeSpan timeout, Func<string> describe)
    {
        var reached = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_received >= count) return DateTime.UtcNow;
            _waiters.Add((count, reached));
        }
        try
        {
            return await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the sink had {Received} of {count} messages after {timeout}.\n{describe()}");
        }
    }
}
