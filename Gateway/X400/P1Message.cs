namespace Gateway.X400;

/// <summary>The X.411 Message transfer APDU: envelope and content octets (e.g. a BER IPM, or a CMS object per RFC 3855).</summary>
public sealed record P1Message(P1Envelope Envelope, ReadOnlyMemory<byte> Content) : MtsApdu
{
    // ReadOnlyMemory<T>.Equals compares the underlying buffer reference, not the bytes.
    public bool Equals(P1Message? other) =>
        other is not null && Envelope == other.Envelope && Content.Span.SequenceEqual(other.Content.Span);

    public override int GetHashCode() => HashCode.Combine(Envelope, Content.Length);
}
