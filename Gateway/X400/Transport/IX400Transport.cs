namespace Gateway.X400.Transport;

/// <summary>
/// The P1 side of the gateway: hands messages to an X.400 MTA and takes messages from it. FileDrop stands in for
/// a real MTA; an RFC 1006 P1 or an MTA API adapter would implement the same contract.
/// </summary>
public interface IX400Transport
{
    /// <summary>
    /// Hands a message or a report (a <see cref="P1Message"/> or a <see cref="P1Report"/>) over. When the task
    /// completes the MTA side durably has it; submitting the same message or report identifier again replaces the
    /// earlier submission instead of adding a second one.
    /// </summary>
    Task SubmitAsync(MtsApdu apdu, CancellationToken cancellationToken);

    /// <summary>
    /// The messages waiting to be taken from the MTA, oldest first, each claimed for this gateway instance as it is
    /// yielded (another instance sharing the MTA will not get it). <paramref name="take"/> says, by name, which
    /// ones to claim now; the others stay where they are.
    /// </summary>
    IAsyncEnumerable<X400InboundItem> PendingAsync(Func<string, bool>? take, CancellationToken cancellationToken);

    /// <summary>The item could not be delivered now: give it back, to be taken again later.</summary>
    Task ReleaseAsync(X400InboundItem item, CancellationToken cancellationToken);

    /// <summary>The item has been delivered onwards: forget it.</summary>
    Task CompleteAsync(X400InboundItem item, CancellationToken cancellationToken);

    /// <summary>The item can never be delivered: put it aside with the reason.</summary>
    Task RejectAsync(X400InboundItem item, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until something may have arrived, or <paramref name="longest"/> has passed: a transport that can tell when a
    /// message arrives ends the wait early, one that cannot simply waits (and is polled).
    /// </summary>
    Task WaitForArrivalAsync(TimeSpan longest, TimeProvider time, CancellationToken cancellationToken) => Task.Delay(longest, time, cancellationToken);
}
