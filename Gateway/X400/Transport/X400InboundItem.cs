namespace Gateway.X400.Transport;

/// <summary>One message from the X.400 side, still in its BER encoding (an MTS-APDU), with the name it came under.</summary>
public sealed record X400InboundItem(string Name, ReadOnlyMemory<byte> Apdu);
