namespace Gateway.X400.Transport;

/// <summary>One message from the X.400 side, still in its BER encoding (an MTS-APDU), with the name it came under.</summary>
public sealed record X400InboundItem(string Name, ReadOnlyMemory<byte> Apdu) : IDisposable
{
    /// <summary>What holds <see cref="Apdu"/> when it is not plain memory (a mapped file); let go when the item is done with.</summary>
    public IDisposable? Owner { get; init; }

    public void Dispose() => Owner?.Dispose();

    /// <summary>Set, with an empty <see cref="Apdu"/>, when the file is over the size limit and was left unread.</summary>
    public string? RefusedBecause { get; init; }

    /// <summary>When the X.400 side handed the file over (its modification time: renames keep it); null when unknown.</summary>
    public DateTimeOffset? HandedOverAt { get; init; }
}
