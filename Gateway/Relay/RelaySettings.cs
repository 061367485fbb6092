namespace Gateway.Relay;

/// <summary>The few configured values the relay needs directly.</summary>
/// <param name="StrictLabels">Refuse a CMS object whose smime-type does not match its structure, instead of correcting the label.</param>
/// <param name="RejectInvalidSignature">554 5.7.5 for an invalid signature (Gateway:Security:InvalidSignature=Reject), else flag it.</param>
/// <param name="RejectOriginatorMismatch">554 5.7.1 when the signer is not the IPM originator (Gateway:Security:OriginatorMismatch=Reject), else flag it.</param>
/// <param name="X400ReportsDelivery">The X.400 side returns delivery reports (Gateway:X400:ReportsDelivery); if not, NOTIFY=SUCCESS gets a "relayed" DSN.</param>
public sealed record RelaySettings(string Hostname, long MaxMessageSize, bool StrictLabels = false, bool RejectInvalidSignature = true,
    bool RejectOriginatorMismatch = false, bool X400ReportsDelivery = true)
{
    /// <summary>Where a large object is decoded to (the spool's file system).</summary>
    public string? ScratchDirectory { get; init; }

    /// <summary>
    /// Bodies with more encoded octets than this are decoded to a file under <see cref="ScratchDirectory"/> and mapped,
    /// rather than held in memory: the gateway's memory then stays flat however large the message.
    /// </summary>
    public long LargeContent { get; init; } = Gateway.Buffers.FileBackedMemory.LargeContent;
}
