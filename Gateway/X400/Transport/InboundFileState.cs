namespace Gateway.X400.Transport;

/// <summary>Where an inbound file stands in the drop's life of a message: in/, an instance's work/, or failed/.</summary>
public enum InboundFileState
{
    Waiting,
    Claimed,
    Failed,
}
