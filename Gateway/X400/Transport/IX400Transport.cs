namespace Gateway.X400.Transport;

/// <summary>
/// The P1 side of the gateway: hands messages to an X.400 MTA and takes messages from it. FileDrop stands in for
/// a real MTA; an RFC 1006 P1 or an MTA API adapter would implement the same contract.
/// </summary>
public interface IX400Transport
{
    /// <summary>
    /// Hands a message over. When the task completes the MTA side durably has it; submitting the same message
    /// identifier again replaces the earlier submission instead of adding a second message.
    /// </summary>
    Task SubmitAsync(P1Message message, CancellationToken cancellationToken);

    /// <summary>The messages waiting to be taken from the MTA, oldest first.</summary>
    IAsyncEnumerable<X400InboundItem> PendingAsync(CancellationToken cancellationToken);

    /// <summary>The item has been delivered onwards: forget it.</summary>
    Task CompleteAsync(X400InboundItem item, CancellationToken cancellationToken);

    /// <summary>The item can never be delivered: put it aside with the reason.</summary>
    Task RejectAsync(X400InboundItem item, string reason, CancellationToken cancellationToken);
}
